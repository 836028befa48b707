import { setTimeout as sleep } from 'node:timers/promises';
import type { StripeEventRecord } from '../store/emulator-store';
import { signatureHeader } from './webhook-signature';

/** The events the emulator POSTs to webhook endpoints (all events stay listable on /v1/events). */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [
  'account.updated',
  'transfer.created',
  'transfer.reversed',
  'payout.paid',
  'payout.failed',
  'charge.refunded',
  'refund.created',
];

export interface WebhookDispatcherOptions {
  secret: string;
  urls: string[];
  log: (line: string) => void;
  /** Tries per delivery, the first included (Stripe retries for days; an emulator must stop). */
  attempts?: number;
  baseDelayMs?: number;
  concurrency?: number;
  timeoutMs?: number;
}

export interface WebhookStats {
  delivered: number;
  failedAttempts: number;
  abandoned: number;
}

/**
 * Delivers events to every endpoint, signed, after the API answer. Deliveries of one
 * object's events to one endpoint go one after another (a lane per endpoint and object),
 * so they arrive in the order they happened; different objects go in parallel, at most
 * `concurrency` requests at a time. A failed delivery is retried with backoff a bounded
 * number of times, then abandoned with a log line.
 */
export class WebhookDispatcher {
  private urls: string[];
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  readonly stats: WebhookStats = { delivered: 0, failedAttempts: 0, abandoned: 0 };

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.urls = [...options.urls];
  }

  setUrls(urls: string[]): void {
    for (const url of urls) new URL(url);
    this.urls = [...urls];
  }

  get endpoints(): readonly string[] {
    return this.urls;
  }

  /** Queues `event` for every endpoint. Call after the API answer has been written. */
  enqueue(event: StripeEventRecord): void {
    if (this.abort.signal.aborted || !WEBHOOK_EVENT_TYPES.includes(event.type)) return;
    const urls = this.urls;
    if (urls.length === 0) return;
    event.pending_webhooks = urls.length;
    const orderKey = orderKeyOf(event);
    for (const url of urls) {
      const lane = `${url} ${orderKey}`;
      const previous = this.lanes.get(lane) ?? Promise.resolve();
      const next = previous.then(() => this.deliver(url, event));
      this.lanes.set(lane, next);
      void next.finally(() => {
        if (this.lanes.get(lane) === next) this.lanes.delete(lane);
      });
    }
  }

  /** Resolves once everything queued so far was delivered or abandoned. */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
  }

  /** Stops retrying and waits for the requests already on the wire. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }

  private async deliver(url: string, event: StripeEventRecord): Promise<void> {
    const attempts = this.options.attempts ?? 5;
    const baseDelayMs = this.options.baseDelayMs ?? 200;
    for (let attempt = 1; attempt <= attempts && !this.abort.signal.aborted; attempt += 1) {
      const problem = await this.post(url, event);
      if (problem === undefined) {
        this.stats.delivered += 1;
        event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
        return;
      }
      this.stats.failedAttempts += 1;
      if (attempt === attempts) break;
      try {
        await sleep(baseDelayMs * 2 ** (attempt - 1), undefined, { signal: this.abort.signal });
      } catch {
        break;
      }
    }
    this.stats.abandoned += 1;
    const why = this.abort.signal.aborted ? 'the emulator is stopping' : `${attempts} attempts failed`;
    this.options.log(`webhook ${event.type} ${event.id} to ${url} abandoned: ${why}`);
  }

  /** One POST; undefined on a 2xx, else what went wrong. */
  private async post(url: string, event: StripeEventRecord): Promise<string | undefined> {
    await this.slot();
    try {
      const body = JSON.stringify(event, null, 2);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signatureHeader(body, this.options.secret),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body,
        // Stopping the emulator cuts a delivery short instead of waiting for a slow endpoint.
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? 10_000), this.abort.signal]),
      });
      await response.arrayBuffer();
      return response.ok ? undefined : `status ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      this.release();
    }
  }

  private async slot(): Promise<void> {
    if (this.inFlight < (this.options.concurrency ?? 8)) {
      this.inFlight += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight -= 1;
  }
}

/** Events about one object share a lane; a refund's events follow its charge's. */
function orderKeyOf(event: StripeEventRecord): string {
  const object = event.data.object as { id?: string; object?: string; charge?: string };
  if (object.object === 'refund' && object.charge) return object.charge;
  return object.id ?? event.id;
}
