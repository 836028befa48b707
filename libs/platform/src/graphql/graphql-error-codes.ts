/**
 * Codes a client can act on; their messages are safe to show. Anything else is internal.
 * BAD_REQUEST, OPERATION_RESOLUTION_FAILURE and PERSISTED_QUERY_NOT_SUPPORTED are Apollo's
 * own codes for malformed requests (CSRF-blocked, no query, unknown operationName).
 */
export const CLIENT_ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export function isClientErrorCode(code: unknown): code is ClientErrorCode {
  return typeof code === 'string' && (CLIENT_ERROR_CODES as readonly string[]).includes(code);
}
