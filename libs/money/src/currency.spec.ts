import { currencyExponent, isCurrencyCode, normalizeCurrency, SUPPORTED_CURRENCIES } from './currency';
import { MoneyError, MoneyErrorCode } from './money-error';

describe('currency', () => {
  it.each([
    ['USD', 2], ['EUR', 2], ['GBP', 2], ['CAD', 2], ['AUD', 2], ['JPY', 0], ['KRW', 0],
    ['CHF', 2], ['SEK', 2], ['NOK', 2], ['DKK', 2], ['MXN', 2], ['BRL', 2], ['INR', 2],
    ['KWD', 3], ['BHD', 3], ['JOD', 3], ['TND', 3],
  ])('returns the ISO exponent of %s as %d', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(SUPPORTED_CURRENCIES).toContain(code);
  });

  it('throws UNKNOWN_CURRENCY when the code is not in the table', () => {
    expect(() => currencyExponent('XYZ')).toThrow(
      expect.objectContaining({ code: MoneyErrorCode.UNKNOWN_CURRENCY, message: expect.stringContaining('XYZ') }),
    );
    expect(() => currencyExponent('XYZ')).toThrow(MoneyError);
  });

  it('refuses a lower-case code when it is not normalized first', () => {
    expect(isCurrencyCode('usd')).toBe(false);
    expect(() => currencyExponent('usd')).toThrow(MoneyError);
  });

  it('does not treat Object.prototype names as currencies', () => {
    expect(isCurrencyCode('toString')).toBe(false);
    expect(() => currencyExponent('constructor')).toThrow(MoneyError);
  });

  it('upper-cases a Stripe-style code when normalizing', () => {
    expect(normalizeCurrency(' usd ')).toBe('USD');
    expect(() => normalizeCurrency('usdx')).toThrow(MoneyError);
  });
});
