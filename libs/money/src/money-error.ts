export enum MoneyErrorCode {
  UNKNOWN_CURRENCY = 'UNKNOWN_CURRENCY',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  UNSAFE_AMOUNT = 'UNSAFE_AMOUNT',
  INVALID_RATE = 'INVALID_RATE',
  INVALID_WEIGHTS = 'INVALID_WEIGHTS',
  INVALID_DECIMAL = 'INVALID_DECIMAL',
}

/** The one error type of @streetteam/money; `code` says which rule was broken. */
export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}
