export enum AuthErrorCode {
  /** No token, or a token that is expired, forged or malformed. HTTP 401. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** A valid identity that may not do this. HTTP 403. */
  FORBIDDEN = 'FORBIDDEN',
}

/**
 * Thrown by the verifier and by assertSelfOrRole. Transport-neutral so services can
 * throw it; AuthModule's filter turns it into a GraphQL error or a 401/403.
 */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
