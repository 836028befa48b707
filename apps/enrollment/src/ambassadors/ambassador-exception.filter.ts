import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { AmbassadorErrorCode, AmbassadorException } from './ambassador.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<AmbassadorErrorCode, ClientErrorCode> = {
  [AmbassadorErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [AmbassadorErrorCode.INVALID_CURSOR]: 'BAD_USER_INPUT',
  [AmbassadorErrorCode.REASON_REQUIRED]: 'BAD_USER_INPUT',
  [AmbassadorErrorCode.INVALID_CODE]: 'BAD_USER_INPUT',
  [AmbassadorErrorCode.INVALID_TRANSITION]: 'CONFLICT',
  [AmbassadorErrorCode.CODE_TAKEN]: 'CONFLICT',
  [AmbassadorErrorCode.NOT_ACTIVE]: 'CONFLICT',
};

export const AmbassadorExceptionFilter = graphqlExceptionFilter(AmbassadorException, graphqlCodes);
