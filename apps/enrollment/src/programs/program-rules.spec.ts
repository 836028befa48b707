import { checkNewProgram } from './program-rules';
import { ProgramErrorCode } from './program.exception';

describe('checkNewProgram', () => {
  it('tidies the name and upper-cases the currency when the input is valid', () => {
    expect(checkNewProgram({ name: '  Spring   street team ', currency: 'usd', guaranteeWindowDays: 30 })).toEqual({
      name: 'Spring street team',
      currency: 'USD',
      guaranteeWindowDays: 30,
    });
  });

  it('refuses a currency that is not ISO 4217', () => {
    expect(() => checkNewProgram({ name: 'A', currency: 'XYZ', guaranteeWindowDays: 30 })).toThrow(
      expect.objectContaining({ code: ProgramErrorCode.UNSUPPORTED_CURRENCY, message: 'currency "XYZ" is not a supported ISO 4217 code' }),
    );
  });

  it('refuses a guarantee window past a year', () => {
    expect(() => checkNewProgram({ name: 'A', currency: 'USD', guaranteeWindowDays: 366 })).toThrow(
      expect.objectContaining({ code: ProgramErrorCode.INVALID_GUARANTEE_WINDOW }),
    );
  });

  it('refuses a name that is only spaces', () => {
    expect(() => checkNewProgram({ name: '   ', currency: 'USD', guaranteeWindowDays: 0 })).toThrow('name must not be blank');
  });
});
