import { add, compare, equals, isNegative, isPositive, isZero, money, negate, subtract, sum, zero } from './money';
import { MoneyError, MoneyErrorCode } from './money-error';

describe('money', () => {
  it('builds a frozen value when the amount is a safe integer', () => {
    const m = money(1234, 'USD');
    expect(m).toEqual({ amountMinor: 1234, currency: 'USD' });
    expect(Object.isFrozen(m)).toBe(true);
  });

  it.each([1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1])('throws UNSAFE_AMOUNT when the amount is %p', (amount) => {
    expect(() => money(amount, 'USD')).toThrow(expect.objectContaining({ code: MoneyErrorCode.UNSAFE_AMOUNT }));
  });

  it('throws UNKNOWN_CURRENCY when the currency is not supported', () => {
    expect(() => money(1, 'ABC')).toThrow(expect.objectContaining({ code: MoneyErrorCode.UNKNOWN_CURRENCY }));
  });

  it('stores negative zero as zero', () => {
    expect(Object.is(negate(zero('USD')).amountMinor, 0)).toBe(true);
  });

  it('adds, subtracts and negates when currencies match', () => {
    const a = money(1000, 'EUR');
    const b = money(250, 'EUR');
    expect(add(a, b)).toEqual(money(1250, 'EUR'));
    expect(subtract(b, a)).toEqual(money(-750, 'EUR'));
    expect(negate(a)).toEqual(money(-1000, 'EUR'));
  });

  it('throws CURRENCY_MISMATCH naming both currencies when they differ', () => {
    const thrown = captureError(() => add(money(1, 'USD'), money(1, 'EUR')));
    expect(thrown.code).toBe(MoneyErrorCode.CURRENCY_MISMATCH);
    expect(thrown.message).toContain('USD');
    expect(thrown.message).toContain('EUR');
    expect(() => subtract(money(1, 'USD'), money(1, 'GBP'))).toThrow(MoneyError);
    expect(() => compare(money(1, 'USD'), money(1, 'GBP'))).toThrow(MoneyError);
  });

  it('throws UNSAFE_AMOUNT when addition overflows the safe range', () => {
    expect(() => add(money(Number.MAX_SAFE_INTEGER, 'USD'), money(1, 'USD'))).toThrow(
      expect.objectContaining({ code: MoneyErrorCode.UNSAFE_AMOUNT }),
    );
  });

  it('reports sign and zero', () => {
    expect(isZero(money(0, 'JPY'))).toBe(true);
    expect(isZero(money(1, 'JPY'))).toBe(false);
    expect(isNegative(money(-1, 'JPY'))).toBe(true);
    expect(isPositive(money(1, 'JPY'))).toBe(true);
    expect(isPositive(money(0, 'JPY'))).toBe(false);
  });

  it('orders amounts when compared', () => {
    expect(compare(money(1, 'USD'), money(2, 'USD'))).toBe(-1);
    expect(compare(money(2, 'USD'), money(2, 'USD'))).toBe(0);
    expect(compare(money(3, 'USD'), money(2, 'USD'))).toBe(1);
  });

  it('says unequal rather than throwing when currencies differ', () => {
    expect(equals(money(1, 'USD'), money(1, 'CAD'))).toBe(false);
    expect(equals(money(1, 'USD'), money(1, 'USD'))).toBe(true);
  });

  it('sums a list and gives zero when the list is empty', () => {
    expect(sum([money(1, 'KWD'), money(2, 'KWD'), money(-5, 'KWD')], 'KWD')).toEqual(money(-2, 'KWD'));
    expect(sum([], 'KWD')).toEqual(money(0, 'KWD'));
  });

  it('throws CURRENCY_MISMATCH when a summed item is in another currency', () => {
    expect(() => sum([money(1, 'USD'), money(1, 'EUR')], 'USD')).toThrow(/USD.*EUR/);
    expect(() => sum([money(1, 'USD')], 'EUR')).toThrow(/EUR.*USD/);
  });
});

function captureError(action: () => unknown): MoneyError {
  try {
    action();
  } catch (error) {
    if (error instanceof MoneyError) return error;
    throw error;
  }
  throw new Error('expected a MoneyError');
}
