import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { IdeaErrorCode, IdeaException } from './idea.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<IdeaErrorCode, ClientErrorCode> = {
  [IdeaErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [IdeaErrorCode.INVALID_CURSOR]: 'BAD_USER_INPUT',
  [IdeaErrorCode.UNKNOWN_PROGRAM]: 'NOT_FOUND',
  [IdeaErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [IdeaErrorCode.INVALID_TRANSITION]: 'CONFLICT',
  // As enrollment's applications: FORBIDDEN with reason RATE_LIMITED and retryAfterSeconds.
  [IdeaErrorCode.RATE_LIMITED]: 'FORBIDDEN',
  [IdeaErrorCode.NOT_AN_AMBASSADOR]: 'FORBIDDEN',
};

export const IdeaExceptionFilter = graphqlExceptionFilter(IdeaException, graphqlCodes);
