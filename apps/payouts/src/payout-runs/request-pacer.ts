import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces requests evenly at a steady rate (per process), so a run stays just under
 * Stripe's rate limit instead of bursting into 429s; backoff handles what still comes back.
 */
export class RequestPacer {
  private next = 0;
  private readonly intervalMs: number;
  requests = 0;

  constructor(perSecond: number) {
    this.intervalMs = perSecond > 0 ? 1000 / perSecond : 0;
  }

  async take(): Promise<void> {
    this.requests++;
    if (this.intervalMs === 0) return;
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await sleep(at - now);
  }
}
