import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventHeaders, ReferralLinkClicked, ReferralLinkClickedPayload } from '@streetteam/contracts';
import { KafkaBus, OutgoingMessage } from '@streetteam/messaging';

/**
 * Flush when this many clicks wait, or after FLUSH_MS, whichever first. One send stays
 * well under the broker's 1 MB message batch limit even when every click is one link's
 * (one partition): a click's envelope is about 550 bytes.
 */
const BATCH_SIZE = 1000;
const FLUSH_MS = 5;
/** While Kafka is away clicks wait here; past this many the oldest are dropped (and counted). */
const MAX_WAITING = 200_000;

/**
 * Hands clicks to Kafka without making the redirect wait: each click is queued in
 * memory and sent in batches through the service's KafkaBus producer. Clicks don't go
 * through the outbox on purpose (the redirect must work with Postgres down); the click
 * id is the idempotency key downstream, so a batch retried after a timeout is harmless.
 * What a crash takes with it is at most the last few milliseconds of clicks.
 */
@Injectable()
export class ClickPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(ClickPublisher.name);
  private waiting: OutgoingMessage[] = [];
  private timer?: NodeJS.Timeout;
  private sending = false;
  private closed = false;
  private failures = 0;
  dropped = 0;
  published = 0;

  constructor(private readonly bus: KafkaBus) {}

  /** Never throws, never waits. */
  publish(payload: ReferralLinkClickedPayload): void {
    if (this.closed) {
      this.dropped++;
      return;
    }
    // Built by the redirect from known fields, so zod's check is left to the consumer (it validates every envelope).
    const envelope = {
      id: payload.clickId,
      type: ReferralLinkClicked.type,
      version: ReferralLinkClicked.version,
      occurredAt: payload.clickedAt,
      producer: 'campaigns',
      key: payload.linkId,
      correlationId: payload.clickId,
      payload,
    };
    this.waiting.push({
      topic: ReferralLinkClicked.topic,
      key: payload.linkId,
      value: JSON.stringify(envelope),
      headers: { [EventHeaders.eventId]: envelope.id, [EventHeaders.eventType]: `${envelope.type}@${envelope.version}`, [EventHeaders.correlationId]: envelope.id },
    });
    if (this.waiting.length > MAX_WAITING) {
      const excess = this.waiting.length - MAX_WAITING;
      this.waiting.splice(0, excess);
      this.dropped += excess;
    }
    if (this.waiting.length >= BATCH_SIZE) this.schedule(0);
    else this.schedule(FLUSH_MS);
  }

  get waitingCount(): number {
    return this.waiting.length;
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
    if (this.waiting.length > 0) this.logger.error(`shutting down with ${this.waiting.length} clicks not handed to Kafka`);
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
    const batch = this.waiting.splice(0, BATCH_SIZE);
    try {
      await this.bus.publish(batch);
      this.published += batch.length;
      this.failures = 0;
    } catch (error) {
      // Back in front, in order: the next flush tries again after a pause.
      this.waiting.unshift(...batch);
      this.failures++;
      if (this.failures === 1 || this.failures % 50 === 0) this.logger.warn(`clicks wait for Kafka (${this.waiting.length} queued): ${String(error)}`);
    } finally {
      this.sending = false;
    }
    if (this.waiting.length > 0 && !this.closed) this.schedule(this.failures > 0 ? Math.min(2_000, 50 * 2 ** Math.min(this.failures, 6)) : 0);
  }
}

export const newClickId = (): string => randomUUID();
