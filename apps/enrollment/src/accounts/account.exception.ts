export enum AccountErrorCode {
  INVALID_EMAIL = 'INVALID_EMAIL',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  INVALID_ROLES = 'INVALID_ROLES',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  LOCKED_OUT = 'LOCKED_OUT',
  LOGIN_NOT_AVAILABLE = 'LOGIN_NOT_AVAILABLE',
  INVALID_RESET_TOKEN = 'INVALID_RESET_TOKEN',
  NOT_FOUND = 'NOT_FOUND',
}

export class AccountException extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
    /** Extra facts a client may act on, e.g. when a lock-out ends. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AccountException';
  }
}
