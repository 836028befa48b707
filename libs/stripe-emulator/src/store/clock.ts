/** Unix seconds that never go backwards, so `created` order is insertion order. */
export class Clock {
  private last = 0;

  constructor(private readonly source: () => number = Date.now) {}

  now(): number {
    this.last = Math.max(this.last, Math.floor(this.source() / 1000));
    return this.last;
  }
}
