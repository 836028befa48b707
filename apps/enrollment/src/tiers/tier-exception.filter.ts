import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { TierErrorCode, TierException } from './tier.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<TierErrorCode, ClientErrorCode> = {
  [TierErrorCode.INVALID_TIER]: 'BAD_USER_INPUT',
  [TierErrorCode.UNKNOWN_PROGRAM]: 'NOT_FOUND',
  [TierErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [TierErrorCode.NAME_OR_RANK_TAKEN]: 'CONFLICT',
};

export const TierExceptionFilter = graphqlExceptionFilter(TierException, graphqlCodes);
