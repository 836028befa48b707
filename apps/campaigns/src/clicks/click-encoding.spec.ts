import { randomUUID } from 'node:crypto';
import { clicksIn, clickShardKey, EventHeaders, MAX_CLICKS_PER_EVENT, parseEnvelope, ReferralLinkClick, ReferralLinkClicks, ReferralLinkClicksPayload, validatePayload } from '@streetteam/contracts';
import { clickEvents, EncodedClicks, MAX_EVENT_BYTES, PendingClicks } from './click-encoding';

/** A link's campaign and ambassador, the same for all its clicks. */
const owners = new Map<string, { campaignId: string; ambassadorId: string }>();
const ownersOf = (linkId: string) => owners.get(linkId) ?? owners.set(linkId, { campaignId: randomUUID(), ambassadorId: randomUUID() }).get(linkId)!;
const click = (linkId: string, userAgent = 'Mozilla/5.0'): ReferralLinkClick => ({ clickId: randomUUID(), linkId, ...ownersOf(linkId), addressHash: 'b'.repeat(64), userAgent, clickedAt: new Date().toISOString() });

const encode = (clicks: ReferralLinkClick[]): EncodedClicks[] => {
  const pending = new PendingClicks();
  for (const c of clicks) pending.add(c);
  return clickEvents(pending.take());
};
/** The event as the consumer reads it: envelope and payload checked by the contract. */
const read = ({ message }: EncodedClicks): { id: string; payload: ReferralLinkClicksPayload } => {
  const event = parseEnvelope(JSON.parse(message.value.toString()));
  expect(event).toMatchObject({ type: ReferralLinkClicks.type, version: ReferralLinkClicks.version, key: message.key });
  return { id: event.id, payload: validatePayload(ReferralLinkClicks, event.payload as ReferralLinkClicksPayload) };
};

describe('clickEvents', () => {
  it('sends every click once, one valid event per shard of links, keyed by the shard', () => {
    const links = Array.from({ length: 40 }, () => randomUUID());
    const clicks = Array.from({ length: 500 }, (_, i) => click(links[i % links.length]));
    const events = encode(clicks);

    expect(events).toHaveLength(new Set(links.map(clickShardKey)).size);
    const sent = events.flatMap((encoded) => {
      const { id, payload } = read(encoded);
      expect(payload.links.every((l) => clickShardKey(l.linkId) === encoded.message.key)).toBe(true);
      expect(encoded.message.headers[EventHeaders.eventId]).toBe(id);
      expect(encoded.clicks).toBe(clicksIn(payload).length);
      expect(encoded.bytes).toBe(encoded.message.value.length);
      return clicksIn(payload);
    });
    expect(sent.map((c) => c.clickId).sort()).toEqual(clicks.map((c) => c.clickId).sort());
    // Each link named once, with its campaign and ambassador, for all its clicks.
    const sentLinks = events.flatMap((encoded) => read(encoded).payload.links);
    expect(sentLinks.map((l) => l.linkId).sort()).toEqual([...links].sort());
    for (const link of sentLinks) expect({ campaignId: link.campaignId, ambassadorId: link.ambassadorId }).toEqual(ownersOf(link.linkId));
  });

  it("keeps the order of one link's clicks, and what each said, across events of at most a full event's clicks", () => {
    const linkId = randomUUID();
    const clicks = Array.from({ length: 2 * MAX_CLICKS_PER_EVENT + 500 }, () => click(linkId));
    const events = encode(clicks);
    expect(events.map((e) => e.clicks)).toEqual([MAX_CLICKS_PER_EVENT, MAX_CLICKS_PER_EVENT, 500]);
    expect(events.flatMap((e) => clicksIn(read(e).payload))).toEqual(clicks);
  });

  it('carries a referer where the click had one, and agents in any script', () => {
    const linkId = randomUUID();
    const clicks = [{ ...click(linkId, 'Mözilla "quoted" \\ 端末 🚀'), referer: 'https://social.example/post/1' }, click(linkId)];
    expect(clicksIn(read(encode(clicks)[0]).payload)).toEqual(clicks);
  });

  it('keeps an event under its byte limit when the agents are long', () => {
    const links = Array.from({ length: 30 }, () => randomUUID());
    const busy = randomUUID();
    const clicks = [
      ...Array.from({ length: 3000 }, (_, i) => click(links[i % links.length], 'é'.repeat(1000))),
      // One link's clicks alone over the limit: its piece closes before, and the rest go in another.
      ...Array.from({ length: 300 }, () => click(busy, 'é'.repeat(1000))),
    ];
    const events = encode(clicks);
    for (const event of events) expect(event.bytes).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    expect(events.length).toBeGreaterThan(new Set(links.map(clickShardKey)).size);
    expect(events.flatMap((e) => clicksIn(read(e).payload)).map((c) => c.clickId).sort()).toEqual(clicks.map((c) => c.clickId).sort());
    expect(events.flatMap((e) => clicksIn(read(e).payload)).filter((c) => c.linkId === busy)).toEqual(clicks.filter((c) => c.linkId === busy));
  });

  it('leaves nothing pending once taken', () => {
    const pending = new PendingClicks();
    pending.add(click(randomUUID()));
    expect(pending.take()).toHaveLength(1);
    expect(pending.count).toBe(0);
    expect(pending.take()).toEqual([]);
  });
});
