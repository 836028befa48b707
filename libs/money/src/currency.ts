import { MoneyError, MoneyErrorCode } from './money-error';

// ISO 4217 minor-unit exponents (the "E" column of the ISO list). These are the ISO
// values; where a payment processor deviates (Stripe pays out HUF and TWD in whole
// units, for example) the payouts service handles it at its Stripe edge.
const EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2,
  ARS: 2,
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  COP: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  PYG: 0,
  RON: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UGX: 0,
  USD: 2,
  VND: 0,
  XAF: 0,
  XOF: 0,
  ZAR: 2,
});

/** Every currency code this library knows, sorted. */
export const SUPPORTED_CURRENCIES: readonly string[] = Object.freeze(Object.keys(EXPONENTS).sort());

/** True when `code` is a supported upper-case ISO 4217 code. */
export function isCurrencyCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(EXPONENTS, code);
}

/**
 * Number of minor-unit digits of an ISO 4217 currency (USD 2, JPY 0, KWD 3).
 * @throws MoneyError UNKNOWN_CURRENCY for a code not in the table (codes are upper case).
 */
export function currencyExponent(code: string): number {
  if (!isCurrencyCode(code)) {
    throw new MoneyError(
      MoneyErrorCode.UNKNOWN_CURRENCY,
      `unknown currency "${code}": expected an upper-case ISO 4217 code such as USD`,
    );
  }
  return EXPONENTS[code];
}

/**
 * Accepts a code in any case ("usd" as Stripe sends it) and returns the upper-case
 * ISO code. @throws MoneyError UNKNOWN_CURRENCY when it is not supported.
 */
export function normalizeCurrency(code: string): string {
  const upper = code.trim().toUpperCase();
  currencyExponent(upper);
  return upper;
}
