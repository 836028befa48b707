import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { AmbassadorErrorCode, AmbassadorException } from './ambassador.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<AmbassadorErrorCode, ClientErrorCode> = {
  [AmbassadorErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [AmbassadorErrorCode.INVALID_NICKNAME]: 'BAD_USER_INPUT',
  [AmbassadorErrorCode.NOT_AN_AMBASSADOR]: 'FORBIDDEN',
};

export const AmbassadorExceptionFilter = graphqlExceptionFilter(AmbassadorException, graphqlCodes);
