import { money, Money } from './money';
import { MoneyError, MoneyErrorCode } from './money-error';
import { divideRounded, RoundingMode } from './rounding';

/** 1 basis point = 0.01 %; 10 000 bp = 100 %. */
export const BASIS_POINTS_PER_UNIT = 10_000;

/**
 * Largest accepted rate: 1 000 000 bp = 100x. Commission rates stay far below 100 %,
 * but multipliers (a 3x points boost) are rates too; anything above 100x is a typo.
 */
export const MAX_BASIS_POINTS = 1_000_000;

/**
 * Checks a rate is an integer number of basis points in 0..MAX_BASIS_POINTS and
 * returns it. Negative rates are refused: negate the Money instead, so intent shows.
 * @throws MoneyError INVALID_RATE
 */
export function validateBasisPoints(basisPoints: number): number {
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > MAX_BASIS_POINTS) {
    throw new MoneyError(
      MoneyErrorCode.INVALID_RATE,
      `basis points must be an integer from 0 to ${MAX_BASIS_POINTS}, got ${basisPoints}`,
    );
  }
  return basisPoints;
}

/**
 * m * basisPoints / 10 000, computed exactly in BigInt and rounded once with
 * `rounding` (default HALF_EVEN, see README).
 * @throws MoneyError INVALID_RATE for a bad rate; UNSAFE_AMOUNT when the result overflows.
 */
export function applyRate(
  m: Money,
  basisPoints: number,
  rounding: RoundingMode = RoundingMode.HALF_EVEN,
): Money {
  validateBasisPoints(basisPoints);
  const exact = BigInt(m.amountMinor) * BigInt(basisPoints);
  const rounded = divideRounded(exact, BigInt(BASIS_POINTS_PER_UNIT), rounding);
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER) || rounded < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError(
      MoneyErrorCode.UNSAFE_AMOUNT,
      `${basisPoints} bp of ${m.amountMinor} ${m.currency} overflows the safe integer range`,
    );
  }
  return money(Number(rounded), m.currency);
}
