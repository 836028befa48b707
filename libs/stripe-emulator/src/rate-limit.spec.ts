import { TokenBucket } from './rate-limit';

describe('TokenBucket', () => {
  it('lets a burst of one second pass, then refuses', () => {
    const now = 0;
    const bucket = new TokenBucket(5, () => now);
    const results = Array.from({ length: 6 }, () => bucket.take());
    expect(results).toEqual([true, true, true, true, true, false]);
  });

  it('refills at the rate and never above one second of tokens', () => {
    let now = 0;
    const bucket = new TokenBucket(10, () => now);
    for (let i = 0; i < 10; i += 1) bucket.take();
    expect(bucket.take()).toBe(false);
    now = 100; // a tenth of a second: one token
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now = 60_000;
    expect(Array.from({ length: 11 }, () => bucket.take()).filter(Boolean)).toHaveLength(10);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket(0)).toThrow();
  });
});
