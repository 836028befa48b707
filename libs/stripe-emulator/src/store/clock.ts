/** Unix seconds that never go backwards, so `created` order is insertion order. */
export class Clock {
  private last = 0;

  constructor(private readonly source: () => number = Date.now) {}

  /** After a restore: never hand out a time before what the store already holds. */
  advanceTo(seconds: number): void {
    this.last = Math.max(this.last, seconds);
  }

  now(): number {
    this.last = Math.max(this.last, Math.floor(this.source() / 1000));
    return this.last;
  }
}
