import { MoneyError, MoneyErrorCode } from './money-error';

/**
 * How a division that does not come out even is rounded. Modes are symmetric around
 * zero, so negating the input negates the output (a clawback mirrors its commission).
 */
export enum RoundingMode {
  /** Nearest; a tie goes to the even neighbour (banker's rounding). The default. */
  HALF_EVEN = 'HALF_EVEN',
  /** Nearest; a tie goes away from zero (what most people learned at school). */
  HALF_UP = 'HALF_UP',
  /** Toward zero (truncate). */
  DOWN = 'DOWN',
  /** Away from zero. */
  UP = 'UP',
}

/**
 * numerator / denominator rounded with `mode`, exact for any size of BigInt.
 * @throws MoneyError INVALID_RATE when denominator is not positive.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) {
    throw new MoneyError(MoneyErrorCode.INVALID_RATE, `denominator must be positive, got ${denominator}`);
  }
  const quotient = numerator / denominator; // BigInt division truncates toward zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const awayFromZero = numerator < 0n ? quotient - 1n : quotient + 1n;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  switch (mode) {
    case RoundingMode.DOWN:
      return quotient;
    case RoundingMode.UP:
      return awayFromZero;
    case RoundingMode.HALF_UP:
      return twiceRemainder >= denominator ? awayFromZero : quotient;
    case RoundingMode.HALF_EVEN:
      if (twiceRemainder > denominator) return awayFromZero;
      if (twiceRemainder < denominator) return quotient;
      return quotient % 2n === 0n ? quotient : awayFromZero;
    default:
      return assertNever(mode);
  }
}

function assertNever(mode: never): never {
  throw new MoneyError(MoneyErrorCode.INVALID_RATE, `unknown rounding mode ${String(mode)}`);
}
