import { currencyExponent } from './currency';
import { MoneyError, MoneyErrorCode } from './money-error';

/** An amount in integer minor units (cents, yen, fils) of an ISO 4217 currency. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/**
 * Builds an immutable Money.
 * @throws MoneyError UNSAFE_AMOUNT unless amountMinor is a safe integer;
 *         UNKNOWN_CURRENCY for an unsupported code.
 */
export function money(amountMinor: number, currency: string): Money {
  currencyExponent(currency);
  assertSafeAmount(amountMinor, currency);
  // -0 would print as "0" but compare oddly with Object.is; keep one zero.
  return Object.freeze({ amountMinor: amountMinor === 0 ? 0 : amountMinor, currency });
}

/** Zero of a currency. */
export function zero(currency: string): Money {
  return money(0, currency);
}

/** a + b; both in the same currency. @throws MoneyError CURRENCY_MISMATCH, UNSAFE_AMOUNT */
export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(checkedResult(a.amountMinor + b.amountMinor, a.currency), a.currency);
}

/** a - b; both in the same currency. @throws MoneyError CURRENCY_MISMATCH, UNSAFE_AMOUNT */
export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(checkedResult(a.amountMinor - b.amountMinor, a.currency), a.currency);
}

export function negate(m: Money): Money {
  return money(-m.amountMinor, m.currency);
}

export function isZero(m: Money): boolean {
  return m.amountMinor === 0;
}

export function isNegative(m: Money): boolean {
  return m.amountMinor < 0;
}

export function isPositive(m: Money): boolean {
  return m.amountMinor > 0;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. @throws MoneyError CURRENCY_MISMATCH */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  if (a.amountMinor === b.amountMinor) return 0;
  return a.amountMinor < b.amountMinor ? -1 : 1;
}

/** Same currency and same amount; different currencies are simply not equal. */
export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amountMinor === b.amountMinor;
}

/**
 * Total of a list in `currency`; an empty list is zero. The currency is explicit so
 * that an empty list still has one.
 * @throws MoneyError CURRENCY_MISMATCH when an item is in another currency.
 */
export function sum(list: readonly Money[], currency: string): Money {
  return list.reduce((total, item) => add(total, item), zero(currency));
}

export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError(
      MoneyErrorCode.CURRENCY_MISMATCH,
      `cannot combine ${a.currency} with ${b.currency}`,
    );
  }
}

function assertSafeAmount(amountMinor: number, currency: string): void {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new MoneyError(
      MoneyErrorCode.UNSAFE_AMOUNT,
      `amountMinor must be a safe integer of ${currency} minor units, got ${amountMinor}`,
    );
  }
}

// A sum of two safe integers is exact up to 2^54, so checking the result is enough to
// catch overflow before precision is lost silently.
function checkedResult(result: number, currency: string): number {
  if (!Number.isSafeInteger(result)) {
    throw new MoneyError(
      MoneyErrorCode.UNSAFE_AMOUNT,
      `result overflows the safe integer range of ${currency} minor units`,
    );
  }
  return result;
}
