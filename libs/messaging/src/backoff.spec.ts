import { backoffDelay } from './backoff';
import { laneOf } from './lanes';

describe('backoffDelay', () => {
  const policy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the ceiling with each retry', () => {
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 2, () => 1)).toBe(200);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
  });

  it('never waits past the maximum however many retries', () => {
    expect(backoffDelay(policy, 20, () => 1)).toBe(1000);
  });

  it('keeps at least half the ceiling when jitter is smallest', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(200);
  });
});

describe('laneOf', () => {
  it('puts the same key in the same lane every time', () => {
    expect(laneOf('ambassador-42')).toBe(laneOf('ambassador-42'));
  });

  it('spreads many keys over every lane', () => {
    const lanes = new Set(Array.from({ length: 1000 }, (_, i) => laneOf(`key-${i}`)));
    expect(lanes.size).toBe(16);
  });
});
