import { divideRounded, RoundingMode } from './rounding';
import { MoneyError } from './money-error';

// Each row: numerator / 10, expected per mode. Covers below, at and above a half, both signs.
const CASES: Array<[bigint, Record<RoundingMode, bigint>]> = [
  [14n, { HALF_EVEN: 1n, HALF_UP: 1n, DOWN: 1n, UP: 2n }],
  [15n, { HALF_EVEN: 2n, HALF_UP: 2n, DOWN: 1n, UP: 2n }],
  [25n, { HALF_EVEN: 2n, HALF_UP: 3n, DOWN: 2n, UP: 3n }],
  [26n, { HALF_EVEN: 3n, HALF_UP: 3n, DOWN: 2n, UP: 3n }],
  [20n, { HALF_EVEN: 2n, HALF_UP: 2n, DOWN: 2n, UP: 2n }],
  [-14n, { HALF_EVEN: -1n, HALF_UP: -1n, DOWN: -1n, UP: -2n }],
  [-15n, { HALF_EVEN: -2n, HALF_UP: -2n, DOWN: -1n, UP: -2n }],
  [-25n, { HALF_EVEN: -2n, HALF_UP: -3n, DOWN: -2n, UP: -3n }],
  [-5n, { HALF_EVEN: 0n, HALF_UP: -1n, DOWN: 0n, UP: -1n }],
];

describe('divideRounded', () => {
  for (const [numerator, expected] of CASES) {
    for (const mode of Object.values(RoundingMode)) {
      it(`gives ${expected[mode]} for ${numerator}/10 when rounding ${mode}`, () => {
        expect(divideRounded(numerator, 10n, mode)).toBe(expected[mode]);
      });
    }
  }

  it('stays exact when the numerator is far beyond 2^53', () => {
    const big = 123456789012345678901234567890n;
    expect(divideRounded(big * 10000n + 5000n, 10000n, RoundingMode.HALF_EVEN)).toBe(big);
  });

  it('throws when the denominator is not positive', () => {
    expect(() => divideRounded(1n, 0n, RoundingMode.DOWN)).toThrow(MoneyError);
  });
});
