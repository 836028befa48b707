export enum ApplicationErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  INVALID_RULES = 'INVALID_RULES',
  TERMS_NOT_ACCEPTED = 'TERMS_NOT_ACCEPTED',
  UNKNOWN_PROGRAM = 'UNKNOWN_PROGRAM',
  UNKNOWN_QUESTION = 'UNKNOWN_QUESTION',
  DUPLICATE_APPLICATION = 'DUPLICATE_APPLICATION',
  ALREADY_AMBASSADOR = 'ALREADY_AMBASSADOR',
  COOLING_DOWN = 'COOLING_DOWN',
  RATE_LIMITED = 'RATE_LIMITED',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  CAPACITY_FULL = 'CAPACITY_FULL',
  NOT_FOUND = 'NOT_FOUND',
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class ApplicationException extends Error {
  constructor(
    readonly code: ApplicationErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApplicationException';
  }
}
