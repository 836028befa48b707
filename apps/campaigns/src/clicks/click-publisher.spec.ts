import { randomUUID } from 'node:crypto';
import { clickShardKey, EventHeaders, parseEnvelope, ReferralLinkClick, ReferralLinkClicksPayload } from '@streetteam/contracts';
import { eventsFor } from './click-publisher';

const click = (linkId: string): ReferralLinkClick => ({ clickId: randomUUID(), linkId, campaignId: randomUUID(), ambassadorId: randomUUID(), addressHash: 'b'.repeat(64), userAgent: 'Mozilla/5.0', clickedAt: new Date().toISOString() });

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
      expect(payload.clicks.every((c) => clickShardKey(c.linkId) === m.key)).toBe(true);
      expect(m.headers[EventHeaders.eventId]).toBe(event.id);
      return payload.clicks.map((c) => c.clickId);
    });
    expect(sent.sort()).toEqual(clicks.map((c) => c.clickId).sort());
  });

  it('keeps the order of one link\'s clicks', () => {
    const linkId = randomUUID();
    const clicks = Array.from({ length: 20 }, () => click(linkId));
    const [message] = eventsFor(clicks);
    expect((JSON.parse(message.value) as { payload: ReferralLinkClicksPayload }).payload.clicks.map((c) => c.clickId)).toEqual(clicks.map((c) => c.clickId));
  });
});
