export enum AmbassadorErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class AmbassadorException extends Error {
  constructor(
    readonly code: AmbassadorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AmbassadorException';
  }
}
