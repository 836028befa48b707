import { randomUUID } from 'node:crypto';
import { clicksIn, parseEnvelope, ReferralLinkClick, ReferralLinkClicksPayload } from '@streetteam/contracts';
import { KafkaBus, OutgoingMessage } from '@streetteam/messaging';
import { waitFor } from '@streetteam/testing';
import { ClickPublisher } from './click-publisher';

/**
 * The publisher's queue, retries and pauses, without a broker: the bus refuses the first
 * sends as an unreachable broker would, then keeps what it is given. (The clicks' way
 * through a real broker is in test/clicks.test.ts.)
 */
class RefusingBus extends KafkaBus {
  readonly attempts: number[] = [];
  readonly sent: OutgoingMessage[] = [];

  /** Sends still to refuse; a test sets it to 0 when the broker "comes back". */
  constructor(public refusals: number) {
    super({ brokers: ['127.0.0.1:9'], clientId: 'click-publisher-spec' });
  }

  override async publish(messages: OutgoingMessage[]): Promise<void> {
    this.attempts.push(Date.now());
    if (this.refusals-- > 0) throw new Error('broker unreachable');
    this.sent.push(...messages);
  }
}

const linkIds = [randomUUID(), randomUUID(), randomUUID()];
const click = (i: number): ReferralLinkClick => ({
  clickId: randomUUID(),
  linkId: linkIds[i % linkIds.length],
  campaignId: '5d9c7f43-5d0a-4a53-9b0b-2f4e1ad3b0c1',
  ambassadorId: '7b0e6c0e-8d5c-4f0e-a9c1-2f6a3c0b9e11',
  addressHash: 'a'.repeat(64),
  userAgent: 'Mozilla/5.0',
  clickedAt: new Date().toISOString(),
});
const clicksSent = (bus: RefusingBus) => bus.sent.flatMap((m) => clicksIn(parseEnvelope(JSON.parse(m.value.toString())).payload as ReferralLinkClicksPayload));

describe('ClickPublisher', () => {
  it('sends every click once, in order per link, after the bus refused twice, pausing longer after each refusal', async () => {
    const bus = new RefusingBus(2);
    const publisher = new ClickPublisher(bus);
    const clicks = Array.from({ length: 90 }, (_, i) => click(i));
    clicks.slice(0, 60).forEach((c) => publisher.publish(c));
    // Clicks that come during the pauses neither cut them short nor get ahead of the older ones.
    setTimeout(() => clicks.slice(60).forEach((c) => publisher.publish(c)), 60);
    await waitFor(async () => clicksSent(bus).length === clicks.length, { description: 'all clicks sent', timeoutMs: 5_000, intervalMs: 10 });

    for (const linkId of linkIds) expect(clicksSent(bus).filter((c) => c.linkId === linkId)).toEqual(clicks.filter((c) => c.linkId === linkId));
    const pauses = bus.attempts.slice(1).map((at, i) => at - bus.attempts[i]);
    expect(pauses[0]).toBeGreaterThanOrEqual(90);
    expect(pauses[1]).toBeGreaterThanOrEqual(190);
    await publisher.onModuleDestroy();
  });

  it('past 200,000 waiting clicks drops whole events, oldest first, and sends the rest once the bus is back', async () => {
    const bus = new RefusingBus(Infinity);
    const publisher = new ClickPublisher(bus);
    const clicks = Array.from({ length: 205_000 }, (_, i) => click(i));
    clicks.forEach((c) => publisher.publish(c));
    await waitFor(async () => bus.attempts.length > 0, { description: 'a refused send', timeoutMs: 5_000, intervalMs: 10 });
    bus.refusals = 0;
    await publisher.onModuleDestroy();

    const sent = clicksSent(bus);
    // Events hold up to 1,000 clicks: dropping whole ones leaves at most one event's worth under the cap.
    expect(sent.length).toBeLessThanOrEqual(200_000);
    expect(sent.length).toBeGreaterThan(199_000);
    expect(new Set(sent.map((c) => c.clickId)).size).toBe(sent.length);
    for (const linkId of linkIds) {
      // What is kept of a link is its newest clicks, in order.
      const all = clicks.filter((c) => c.linkId === linkId);
      const kept = sent.filter((c) => c.linkId === linkId);
      expect(kept).toEqual(all.slice(all.length - kept.length));
    }
  });

  it('sends what waits when the service stops, and takes no click after', async () => {
    const bus = new RefusingBus(0);
    const publisher = new ClickPublisher(bus);
    const clicks = Array.from({ length: 10 }, (_, i) => click(i));
    clicks.forEach((c) => publisher.publish(c));
    await publisher.onModuleDestroy();
    expect(clicksSent(bus).map((c) => c.clickId).sort()).toEqual(clicks.map((c) => c.clickId).sort());
    publisher.publish(click(0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(clicksSent(bus)).toHaveLength(clicks.length);
  });
});
