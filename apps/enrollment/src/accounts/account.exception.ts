import { FeatureException } from '@streetteam/platform';

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

export class AccountException extends FeatureException<AccountErrorCode> {}
