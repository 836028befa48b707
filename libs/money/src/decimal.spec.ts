import { formatMoney, parseDecimal } from './decimal';
import { money } from './money';
import { MoneyErrorCode } from './money-error';
import { randomInt, seededRandom } from '@streetteam/testing';

describe('formatMoney', () => {
  it.each([
    [1234, 'USD', '12.34 USD'],
    [5, 'USD', '0.05 USD'],
    [-5, 'EUR', '-0.05 EUR'],
    [0, 'GBP', '0.00 GBP'],
    [1500, 'JPY', '1500 JPY'],
    [-1500, 'KRW', '-1500 KRW'],
    [1250, 'KWD', '1.250 KWD'],
    [7, 'BHD', '0.007 BHD'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91 USD'],
  ])('prints %d %s as "%s"', (amount, currency, text) => {
    expect(formatMoney(money(amount, currency))).toBe(text);
  });
});

describe('parseDecimal', () => {
  it.each([
    ['12.34', 'USD', 1234],
    ['12.3', 'USD', 1230],
    ['12', 'USD', 1200],
    ['-0.05', 'EUR', -5],
    ['+1', 'EUR', 100],
    ['1500', 'JPY', 1500],
    ['1.25', 'KWD', 1250],
    ['90071992547409.91', 'USD', Number.MAX_SAFE_INTEGER],
  ])('reads "%s" %s as %d minor units', (text, currency, amount) => {
    expect(parseDecimal(text, currency)).toEqual(money(amount, currency));
  });

  it('throws INVALID_DECIMAL naming the count when there are too many decimals', () => {
    expect(() => parseDecimal('12.345', 'USD')).toThrow(/3 decimals but USD allows 2/);
    expect(() => parseDecimal('100.0', 'JPY')).toThrow(expect.objectContaining({ code: MoneyErrorCode.INVALID_DECIMAL }));
  });

  it.each(['', '12.', '.5', '1,000.00', '1e3', ' 12', '12 USD', 'abc', '--1'])(
    'throws INVALID_DECIMAL when the text is "%s"',
    (text) => {
      expect(() => parseDecimal(text, 'USD')).toThrow(expect.objectContaining({ code: MoneyErrorCode.INVALID_DECIMAL }));
    },
  );

  it('throws UNSAFE_AMOUNT when the amount is beyond the safe range', () => {
    expect(() => parseDecimal('90071992547409.92', 'USD')).toThrow(
      expect.objectContaining({ code: MoneyErrorCode.UNSAFE_AMOUNT }),
    );
  });

  it('reads back what formatMoney printed for random amounts', () => {
    const random = seededRandom(99);
    for (const currency of ['USD', 'JPY', 'KWD']) {
      for (let i = 0; i < 300; i += 1) {
        const m = money(randomInt(random, -1e12, 1e12), currency);
        const [amountText, code] = formatMoney(m).split(' ');
        expect(parseDecimal(amountText, code)).toEqual(m);
      }
    }
  });
});
