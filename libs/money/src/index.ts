export { MoneyError, MoneyErrorCode } from './money-error';
export {
  SUPPORTED_CURRENCIES,
  currencyExponent,
  isCurrencyCode,
  normalizeCurrency,
} from './currency';
export type { Money } from './money';
export {
  add,
  assertSameCurrency,
  compare,
  equals,
  isNegative,
  isPositive,
  isZero,
  money,
  negate,
  subtract,
  sum,
  zero,
} from './money';
export { RoundingMode, divideRounded } from './rounding';
export { BASIS_POINTS_PER_UNIT, MAX_BASIS_POINTS, applyRate, validateBasisPoints } from './basis-points';
export { allocate, split } from './allocate';
export { formatMoney, parseDecimal } from './decimal';
