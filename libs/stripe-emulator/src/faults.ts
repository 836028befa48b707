export type InjectedStatus = 429 | 500 | 502 | 503;
export const INJECTABLE_STATUSES: readonly InjectedStatus[] = [429, 500, 502, 503];

/** Failures and latency injected on purpose, for retry and timeout tests. */
export class Faults {
  private queue: InjectedStatus[] = [];
  private delayMs = 0;

  failNext(status: InjectedStatus, count = 1): void {
    if (!INJECTABLE_STATUSES.includes(status)) throw new Error(`cannot inject status ${status}`);
    if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${count}`);
    for (let i = 0; i < count; i += 1) this.queue.push(status);
  }

  delay(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`delay must be 0 or more milliseconds, got ${ms}`);
    this.delayMs = ms;
  }

  clear(): void {
    this.queue = [];
    this.delayMs = 0;
  }

  /** The status the next request must fail with, if one is queued. */
  takeFailure(): InjectedStatus | undefined {
    return this.queue.shift();
  }

  get currentDelayMs(): number {
    return this.delayMs;
  }

  get pendingFailures(): number {
    return this.queue.length;
  }
}
