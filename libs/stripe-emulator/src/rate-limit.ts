/**
 * A token bucket: `perSecond` tokens a second, holding at most one second's worth, so a
 * burst of `perSecond` requests passes and then the steady rate does (Stripe's live-mode
 * limit is 100 operations a second, 25 in test mode).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new Error(`rate limit must be positive, got ${perSecond}`);
    this.tokens = perSecond;
    this.last = this.now();
  }

  /** Takes one token; false when none is left (answer 429). */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
