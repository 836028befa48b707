import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { ApplicationErrorCode, ApplicationException } from './application.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<ApplicationErrorCode, ClientErrorCode> = {
  [ApplicationErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [ApplicationErrorCode.INVALID_RULES]: 'BAD_USER_INPUT',
  [ApplicationErrorCode.TERMS_NOT_ACCEPTED]: 'BAD_USER_INPUT',
  [ApplicationErrorCode.UNKNOWN_QUESTION]: 'BAD_USER_INPUT',
  [ApplicationErrorCode.INVALID_CURSOR]: 'BAD_USER_INPUT',
  [ApplicationErrorCode.UNKNOWN_PROGRAM]: 'NOT_FOUND',
  [ApplicationErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [ApplicationErrorCode.DUPLICATE_APPLICATION]: 'CONFLICT',
  [ApplicationErrorCode.ALREADY_AMBASSADOR]: 'CONFLICT',
  [ApplicationErrorCode.COOLING_DOWN]: 'CONFLICT',
  [ApplicationErrorCode.INVALID_TRANSITION]: 'CONFLICT',
  [ApplicationErrorCode.CAPACITY_FULL]: 'CONFLICT',
  // The platform has no 429-like GraphQL code; FORBIDDEN plus reason RATE_LIMITED and retryAfterSeconds.
  [ApplicationErrorCode.RATE_LIMITED]: 'FORBIDDEN',
};

export const ApplicationExceptionFilter = graphqlExceptionFilter(ApplicationException, graphqlCodes);
