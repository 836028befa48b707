import { money, Money } from './money';
import { MoneyError, MoneyErrorCode } from './money-error';

/**
 * Splits m in proportion to non-negative integer weights with the largest-remainder
 * method: each part gets the floor of its exact share, then the leftover minor units
 * go one each to the parts with the largest remainders (ties to the earlier part).
 * The parts always sum exactly to m; a negative m gives the mirror image of |m|;
 * a part with weight 0 is always 0.
 * @throws MoneyError INVALID_WEIGHTS unless weights is non-empty, each a safe
 *         non-negative integer, and their total positive.
 */
export function allocate(m: Money, weights: readonly number[]): Money[] {
  validateWeights(weights);
  const total = BigInt(Math.abs(m.amountMinor));
  const sign = m.amountMinor < 0 ? -1n : 1n;
  const weightTotal = weights.reduce((acc, w) => acc + BigInt(w), 0n);

  const shares = weights.map((weight, index) => {
    const exact = total * BigInt(weight);
    return { index, amount: exact / weightTotal, remainder: exact % weightTotal };
  });
  let leftover = total - shares.reduce((acc, share) => acc + share.amount, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    share.amount += 1n;
    leftover -= 1n;
  }
  return shares.map((share) => money(Number(sign * share.amount), m.currency));
}

/**
 * n parts as equal as minor units allow; the first parts carry the extra units.
 * @throws MoneyError INVALID_WEIGHTS unless n is a positive safe integer.
 */
export function split(m: Money, n: number): Money[] {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new MoneyError(MoneyErrorCode.INVALID_WEIGHTS, `split needs a positive integer count, got ${n}`);
  }
  return allocate(m, new Array<number>(n).fill(1));
}

function validateWeights(weights: readonly number[]): void {
  if (weights.length === 0) {
    throw new MoneyError(MoneyErrorCode.INVALID_WEIGHTS, 'allocate needs at least one weight');
  }
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new MoneyError(
        MoneyErrorCode.INVALID_WEIGHTS,
        `weights must be non-negative safe integers, got ${weight}`,
      );
    }
  }
  if (weights.every((weight) => weight === 0)) {
    throw new MoneyError(MoneyErrorCode.INVALID_WEIGHTS, 'weights must not all be zero');
  }
}
