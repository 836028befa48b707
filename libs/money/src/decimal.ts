import { currencyExponent } from './currency';
import { money, Money } from './money';
import { MoneyError, MoneyErrorCode } from './money-error';

/**
 * "12.34 USD", "-0.05 EUR", "1500 JPY", "1.250 KWD": the decimal amount with exactly
 * the currency's minor digits, then the code. Built from the integer's digits, never
 * through a float, so every safe amount prints exactly. For logs and CSV, not for UI.
 */
export function formatMoney(m: Money): string {
  const exponent = currencyExponent(m.currency);
  const digits = String(Math.abs(m.amountMinor)).padStart(exponent + 1, '0');
  const sign = m.amountMinor < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${digits} ${m.currency}`;
  const units = digits.slice(0, digits.length - exponent);
  const minor = digits.slice(digits.length - exponent);
  return `${sign}${units}.${minor} ${m.currency}`;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal ("12.34", "-0.5", "100") into Money of `currency`. Fewer
 * decimals than the currency has are padded ("12.3" USD = 1230); more are refused,
 * even trailing zeros, because silently rounding an amount read from a file hides a
 * wrong-currency mistake. No thousands separators, exponents or spaces.
 * @throws MoneyError INVALID_DECIMAL, UNKNOWN_CURRENCY, UNSAFE_AMOUNT
 */
export function parseDecimal(text: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new MoneyError(MoneyErrorCode.INVALID_DECIMAL, `"${text}" is not a plain decimal number`);
  }
  const [, sign, units, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new MoneyError(
      MoneyErrorCode.INVALID_DECIMAL,
      `"${text}" has ${fraction.length} decimals but ${currency} allows ${exponent}`,
    );
  }
  const minor = BigInt(units + fraction.padEnd(exponent, '0')) * (sign === '-' ? -1n : 1n);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError(MoneyErrorCode.UNSAFE_AMOUNT, `"${text}" ${currency} is too large`);
  }
  return money(Number(minor), currency);
}
