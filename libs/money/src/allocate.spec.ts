import { allocate, split } from './allocate';
import { money, Money } from './money';
import { MoneyErrorCode } from './money-error';
import { randomInt, seededRandom } from '@streetteam/testing';

const total = (parts: Money[]): number => parts.reduce((acc, part) => acc + part.amountMinor, 0);

describe('allocate', () => {
  it('gives the leftover cent to the largest remainder', () => {
    // 100 * 1/3 = 33.33 each; one cent left, tie broken toward the first part.
    expect(allocate(money(100, 'USD'), [1, 1, 1]).map((p) => p.amountMinor)).toEqual([34, 33, 33]);
    // 5 * [3,7]/10 = 1.5 and 3.5: equal remainders, first part wins.
    expect(allocate(money(5, 'USD'), [3, 7]).map((p) => p.amountMinor)).toEqual([2, 3]);
    // 10 * [1,2,4]/7 = 1.43, 2.86, 5.71: the two largest remainders get the two cents.
    expect(allocate(money(10, 'USD'), [1, 2, 4]).map((p) => p.amountMinor)).toEqual([1, 3, 6]);
  });

  it('mirrors the positive split when the total is negative', () => {
    expect(allocate(money(-100, 'USD'), [1, 1, 1]).map((p) => p.amountMinor)).toEqual([-34, -33, -33]);
  });

  it('gives nothing to a zero weight', () => {
    expect(allocate(money(7, 'JPY'), [0, 1, 0, 1]).map((p) => p.amountMinor)).toEqual([0, 4, 0, 3]);
  });

  it('never loses or creates a minor unit over many random inputs', () => {
    const random = seededRandom(20240601);
    for (let i = 0; i < 2000; i += 1) {
      const amount = randomInt(random, -1_000_000_000, 1_000_000_000);
      const weights = Array.from({ length: randomInt(random, 1, 12) }, () => randomInt(random, 0, 10_000));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const parts = allocate(money(amount, 'EUR'), weights);
      expect(parts).toHaveLength(weights.length);
      expect(total(parts)).toBe(amount);
      const weightTotal = weights.reduce((a, b) => a + b, 0);
      parts.forEach((part, index) => {
        expect(part.currency).toBe('EUR');
        // each part is within one unit of its exact share
        expect(Math.abs(part.amountMinor - (amount * weights[index]) / weightTotal)).toBeLessThan(1);
      });
    }
  });

  it('stays exact when amount times weight exceeds 2^53', () => {
    const parts = allocate(money(Number.MAX_SAFE_INTEGER, 'USD'), [1_000_000, 1_000_001]);
    expect(total(parts)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([[[]], [[0, 0]], [[1, -1]], [[1.5]]])('throws INVALID_WEIGHTS when weights are %p', (weights) => {
    expect(() => allocate(money(100, 'USD'), weights)).toThrow(
      expect.objectContaining({ code: MoneyErrorCode.INVALID_WEIGHTS }),
    );
  });
});

describe('split', () => {
  it('splits into equal parts with the extra units first', () => {
    expect(split(money(1001, 'KWD'), 4).map((p) => p.amountMinor)).toEqual([251, 250, 250, 250]);
  });

  it('never loses or creates a minor unit over many random inputs', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 1000; i += 1) {
      const amount = randomInt(random, -50_000_000, 50_000_000);
      const n = randomInt(random, 1, 50);
      const parts = split(money(amount, 'USD'), n);
      expect(total(parts)).toBe(amount);
      const sizes = parts.map((p) => Math.abs(p.amountMinor));
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it.each([0, -1, 2.5])('throws INVALID_WEIGHTS when the count is %p', (n) => {
    expect(() => split(money(100, 'USD'), n)).toThrow(expect.objectContaining({ code: MoneyErrorCode.INVALID_WEIGHTS }));
  });
});
