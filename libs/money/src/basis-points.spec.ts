import { applyRate, MAX_BASIS_POINTS, validateBasisPoints } from './basis-points';
import { money, negate } from './money';
import { MoneyErrorCode } from './money-error';
import { RoundingMode } from './rounding';
import { randomInt, seededRandom } from '@streetteam/testing';

describe('applyRate', () => {
  it('takes 10% of 12.34 USD as 1.23 USD', () => {
    expect(applyRate(money(1234, 'USD'), 1000)).toEqual(money(123, 'USD'));
  });

  it('rounds a tie to even by default', () => {
    // 250 * 500 / 10000 = 12.5 -> 12; 270 * 500 / 10000 = 13.5 -> 14
    expect(applyRate(money(250, 'USD'), 500)).toEqual(money(12, 'USD'));
    expect(applyRate(money(270, 'USD'), 500)).toEqual(money(14, 'USD'));
  });

  it('uses the requested rounding mode when one is given', () => {
    const m = money(250, 'USD');
    expect(applyRate(m, 500, RoundingMode.HALF_UP)).toEqual(money(13, 'USD'));
    expect(applyRate(m, 500, RoundingMode.DOWN)).toEqual(money(12, 'USD'));
    expect(applyRate(m, 501, RoundingMode.UP)).toEqual(money(13, 'USD'));
  });

  it('mirrors the positive result when the amount is negative', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 500; i += 1) {
      const m = money(randomInt(random, 0, 10_000_000), 'EUR');
      const bp = randomInt(random, 0, 20_000);
      for (const mode of Object.values(RoundingMode)) {
        expect(applyRate(negate(m), bp, mode)).toEqual(negate(applyRate(m, bp, mode)));
      }
    }
  });

  it('stays exact when amount times rate exceeds 2^53', () => {
    // 9e15 * 5000 would lose digits as a float product.
    expect(applyRate(money(9_000_000_000_000_001, 'USD'), 5000, RoundingMode.DOWN)).toEqual(
      money(4_500_000_000_000_000, 'USD'),
    );
  });

  it('throws UNSAFE_AMOUNT when the result leaves the safe range', () => {
    expect(() => applyRate(money(Number.MAX_SAFE_INTEGER, 'USD'), 20_000)).toThrow(
      expect.objectContaining({ code: MoneyErrorCode.UNSAFE_AMOUNT }),
    );
  });

  it('keeps the currency and minor units when the currency has three decimals', () => {
    expect(applyRate(money(1005, 'KWD'), 5000)).toEqual(money(502, 'KWD'));
  });
});

describe('validateBasisPoints', () => {
  it('returns the rate when it is an integer in range', () => {
    expect(validateBasisPoints(0)).toBe(0);
    expect(validateBasisPoints(MAX_BASIS_POINTS)).toBe(MAX_BASIS_POINTS);
  });

  it.each([-1, 1.5, NaN, MAX_BASIS_POINTS + 1])('throws INVALID_RATE when the rate is %p', (bp) => {
    expect(() => validateBasisPoints(bp)).toThrow(expect.objectContaining({ code: MoneyErrorCode.INVALID_RATE }));
    expect(() => applyRate(money(100, 'USD'), bp)).toThrow(expect.objectContaining({ code: MoneyErrorCode.INVALID_RATE }));
  });
});
