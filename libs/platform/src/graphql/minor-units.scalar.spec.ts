import { Kind } from 'graphql';
import { MinorUnits } from './minor-units.scalar';

describe('MinorUnits', () => {
  it('gives whole amounts as JSON numbers, whatever the resolver held them in', () => {
    expect(MinorUnits.serialize(1234)).toBe(1234);
    expect(MinorUnits.serialize(-50)).toBe(-50);
    expect(MinorUnits.serialize(12_345_678_901n)).toBe(12_345_678_901);
    expect(MinorUnits.serialize('2500000000')).toBe(2_500_000_000);
    expect(MinorUnits.serialize(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses to give an amount it cannot give exactly, rather than round it', () => {
    expect(() => MinorUnits.serialize(10.5)).toThrow(/not a safe whole number/);
    expect(() => MinorUnits.serialize(2n ** 60n)).toThrow(/not a safe whole number/);
    expect(() => MinorUnits.serialize('9007199254740993')).toThrow(/not a safe whole number/);
    expect(() => MinorUnits.serialize('12.00')).toThrow(/not a safe whole number/);
  });

  it('takes whole numbers past Int\'s 2^31 − 1 as variables and literals', () => {
    expect(MinorUnits.parseValue(3_000_000_000)).toBe(3_000_000_000);
    expect(MinorUnits.parseLiteral({ kind: Kind.INT, value: '3000000000' })).toBe(3_000_000_000);
  });

  it('refuses fractions, strings and numbers past 2^53 − 1 with a message that says what it takes', () => {
    for (const bad of [10.5, '100', Number.MAX_SAFE_INTEGER + 2, null, true]) {
      expect(() => MinorUnits.parseValue(bad)).toThrow(/MinorUnits must be a whole number of minor units/);
    }
    expect(() => MinorUnits.parseLiteral({ kind: Kind.FLOAT, value: '10.5' })).toThrow(/got "10.5"/);
    expect(() => MinorUnits.parseLiteral({ kind: Kind.STRING, value: '100' })).toThrow(/got "100"/);
    expect(() => MinorUnits.parseLiteral({ kind: Kind.INT, value: '90071992547409930' })).toThrow(/MinorUnits must be/);
  });
});
