import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { FraudErrorCode, FraudException } from './fraud.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<FraudErrorCode, ClientErrorCode> = {
  [FraudErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [FraudErrorCode.ALREADY_DECIDED]: 'CONFLICT',
  [FraudErrorCode.NOTHING_TO_VOID]: 'CONFLICT',
  [FraudErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
};

export const FraudExceptionFilter = graphqlExceptionFilter(FraudException, graphqlCodes);
