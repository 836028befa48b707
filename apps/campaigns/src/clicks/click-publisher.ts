import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { clickShardKey, EventHeaders, linkClicksPayload, MAX_CLICKS_PER_EVENT, ReferralLinkClick, ReferralLinkClicks } from '@streetteam/contracts';
import { KafkaBus, OutgoingMessage } from '@streetteam/messaging';

/**
 * Flush when a full event's worth of clicks waits, or FLUSH_MS after the first click began
 * to wait or the last send ended, whichever first.
 * The broker's and the consumer's work goes with the number of sends, and the visitor
 * is long gone (the 302 went out before the click was queued).
 */
const FLUSH_MS = 20;
/**
 * One send stays well under the broker's 1 MB batch limit even when every click lands
 * on one partition. Sizes are estimated (fixed fields, then up to 3 bytes a character).
 */
const MAX_SEND_BYTES = 512 * 1024;
/** While Kafka is away clicks wait here; past this many the oldest are dropped (and counted). */
const MAX_WAITING = 200_000;

const estimatedBytes = (click: ReferralLinkClick): number => 400 + 3 * (click.userAgent.length + (click.referer?.length ?? 0));

/**
 * Hands clicks to Kafka without making the redirect wait: each click is queued in
 * memory and sent in batches through the service's KafkaBus producer, a
 * ReferralLinkClicks event per shard of links. Clicks don't go through the outbox on
 * purpose (the redirect must work with Postgres down); the click id is the idempotency
 * key downstream, so a batch retried after a timeout is harmless. What a crash takes
 * with it is at most the last FLUSH_MS of clicks.
 */
@Injectable()
export class ClickPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(ClickPublisher.name);
  private waiting: ReferralLinkClick[] = [];
  private timer?: NodeJS.Timeout;
  private sending = false;
  private closed = false;
  private failures = 0;
  /** Clicks lost to a full queue or a closed publisher, told in the warnings. */
  private dropped = 0;

  constructor(private readonly bus: KafkaBus) {}

  /** Never throws, never waits. The click is built by the redirect from known fields, so zod's check is left to the consumer. */
  publish(click: ReferralLinkClick): void {
    if (this.closed) {
      this.dropped++;
      return;
    }
    this.waiting.push(click);
    if (this.waiting.length > MAX_WAITING) {
      const excess = this.waiting.length - MAX_WAITING;
      this.waiting.splice(0, excess);
      this.dropped += excess;
    }
    this.schedule(this.nextDelay());
  }

  /** Sends what waits; on shutdown before the bus closes (onModuleDestroy runs before messaging's shutdown). */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const deadline = Date.now() + 5_000;
    while ((this.waiting.length > 0 || this.sending) && Date.now() < deadline) {
      if (!this.sending) await this.flush();
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (this.waiting.length > 0) this.logger.error(`shutting down with ${this.waiting.length} clicks not handed to Kafka (${this.dropped} dropped before)`);
  }

  private schedule(delayMs: number): void {
    if (this.sending) return;
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private async flush(): Promise<void> {
    if (this.sending || this.waiting.length === 0) return;
    this.sending = true;
    const batch = this.waiting.splice(0, this.sendable());
    try {
      await this.bus.publish(eventsFor(batch));
      this.failures = 0;
    } catch (error) {
      // Back in front, in order: the next flush tries again after a pause.
      this.waiting.unshift(...batch);
      this.failures++;
      if (this.failures === 1 || this.failures % 50 === 0) this.logger.warn(`clicks wait for Kafka (${this.waiting.length} queued, ${this.dropped} dropped): ${String(error)}`);
    } finally {
      this.sending = false;
    }
    if (this.waiting.length > 0 && !this.closed) this.schedule(this.failures > 0 ? Math.min(2_000, 50 * 2 ** Math.min(this.failures, 6)) : this.nextDelay());
  }

  /**
   * Also after a send. Going again at once sent whatever arrived during the last send's
   * round trip: about 115 clicks a send, 100 sends a second, at 13,000 clicks/s in
   * bench:tracking. kafkajs spends roughly half a millisecond of the redirect's event loop
   * on a send whatever its size, as much as some 70 clicks' encoding.
   */
  private nextDelay(): number {
    return this.waiting.length >= MAX_CLICKS_PER_EVENT ? 0 : FLUSH_MS;
  }

  /** How many of the waiting clicks fit in one send. */
  private sendable(): number {
    let bytes = 0;
    let count = 0;
    while (count < this.waiting.length && count < MAX_CLICKS_PER_EVENT) {
      bytes += estimatedBytes(this.waiting[count]);
      if (count > 0 && bytes > MAX_SEND_BYTES) break;
      count++;
    }
    return count;
  }
}

/** One ReferralLinkClicks event per shard of links among the clicks. */
export function eventsFor(clicks: ReferralLinkClick[]): OutgoingMessage[] {
  const byShard = new Map<string, ReferralLinkClick[]>();
  for (const click of clicks) {
    const key = clickShardKey(click.linkId);
    const shard = byShard.get(key);
    if (shard) shard.push(click);
    else byShard.set(key, [click]);
  }
  const occurredAt = new Date().toISOString();
  return [...byShard].map(([key, shardClicks]) => {
    const id = randomUUID();
    const envelope = { id, type: ReferralLinkClicks.type, version: ReferralLinkClicks.version, occurredAt, producer: 'campaigns', key, correlationId: id, payload: linkClicksPayload(shardClicks) };
    return {
      topic: ReferralLinkClicks.topic,
      key,
      value: JSON.stringify(envelope),
      headers: { [EventHeaders.eventId]: id, [EventHeaders.eventType]: `${ReferralLinkClicks.type}@${ReferralLinkClicks.version}`, [EventHeaders.correlationId]: id },
    };
  });
}
