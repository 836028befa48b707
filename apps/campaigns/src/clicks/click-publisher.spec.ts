import { randomUUID } from 'node:crypto';
import { clicksIn, clickShardKey, EventHeaders, parseEnvelope, ReferralLinkClick, ReferralLinkClicksPayload } from '@streetteam/contracts';
import { eventsFor } from './click-publisher';

/** A link's campaign and ambassador, the same for all its clicks. */
const owners = new Map<string, { campaignId: string; ambassadorId: string }>();
const ownersOf = (linkId: string) => owners.get(linkId) ?? owners.set(linkId, { campaignId: randomUUID(), ambassadorId: randomUUID() }).get(linkId)!;
const click = (linkId: string): ReferralLinkClick => ({ clickId: randomUUID(), linkId, ...ownersOf(linkId), addressHash: 'b'.repeat(64), userAgent: 'Mozilla/5.0', clickedAt: new Date().toISOString() });

describe('eventsFor', () => {
  it('sends every click once, one valid event per shard of links, keyed by the shard', () => {
    const links = Array.from({ length: 40 }, () => randomUUID());
    const clicks = Array.from({ length: 500 }, (_, i) => click(links[i % links.length]));
    const messages = eventsFor(clicks);

    const shards = new Set(links.map(clickShardKey));
    expect(messages).toHaveLength(shards.size);
    const sent = messages.flatMap((m) => {
      const event = parseEnvelope(JSON.parse(m.value));
      const payload = event.payload as ReferralLinkClicksPayload;
      expect(event.type).toBe('ReferralLinkClicks');
      expect(payload.links.every((l) => clickShardKey(l.linkId) === m.key)).toBe(true);
      expect(m.headers[EventHeaders.eventId]).toBe(event.id);
      return clicksIn(payload).map((c) => c.clickId);
    });
    expect(sent.sort()).toEqual(clicks.map((c) => c.clickId).sort());
    // Each link named once, with its campaign and ambassador, for all its clicks.
    const sentLinks = messages.flatMap((m) => (JSON.parse(m.value) as { payload: ReferralLinkClicksPayload }).payload.links);
    expect(sentLinks.map((l) => l.linkId).sort()).toEqual([...links].sort());
    for (const link of sentLinks) expect({ campaignId: link.campaignId, ambassadorId: link.ambassadorId }).toEqual(ownersOf(link.linkId));
  });

  it('keeps the order of one link\'s clicks', () => {
    const linkId = randomUUID();
    const clicks = Array.from({ length: 20 }, () => click(linkId));
    const [message] = eventsFor(clicks);
    expect(clicksIn((JSON.parse(message.value) as { payload: ReferralLinkClicksPayload }).payload)).toEqual(clicks);
  });

  it('carries a referer where the click had one', () => {
    const linkId = randomUUID();
    const clicks = [{ ...click(linkId), referer: 'https://social.example/post/1' }, click(linkId)];
    const [message] = eventsFor(clicks);
    expect(clicksIn(parseEnvelope(JSON.parse(message.value)).payload as ReferralLinkClicksPayload)).toEqual(clicks);
  });
});
