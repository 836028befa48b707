import { isCurrencyCode } from '@streetteam/money';
import { ProgramErrorCode, ProgramException } from './program.exception';

export interface NewProgram {
  name: string;
  currency: string;
  guaranteeWindowDays: number;
}

/** The longest guarantee a program may promise; commissions are held at least this long. */
export const MAX_GUARANTEE_WINDOW_DAYS = 365;

/** What a program must be before it exists: a name people can read, a real currency, a bounded guarantee. */
export function checkNewProgram(input: NewProgram): NewProgram {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new ProgramException(ProgramErrorCode.INVALID_NAME, 'name must not be blank');
  const currency = input.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) {
    throw new ProgramException(ProgramErrorCode.UNSUPPORTED_CURRENCY, `currency "${input.currency}" is not a supported ISO 4217 code`);
  }
  if (!Number.isInteger(input.guaranteeWindowDays) || input.guaranteeWindowDays < 0 || input.guaranteeWindowDays > MAX_GUARANTEE_WINDOW_DAYS) {
    throw new ProgramException(
      ProgramErrorCode.INVALID_GUARANTEE_WINDOW,
      `guaranteeWindowDays must be a whole number of days from 0 to ${MAX_GUARANTEE_WINDOW_DAYS}`,
    );
  }
  return { name, currency, guaranteeWindowDays: input.guaranteeWindowDays };
}
