import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { PayoutRunErrorCode, PayoutRunException } from './payout-run.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<PayoutRunErrorCode, ClientErrorCode> = {
  [PayoutRunErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [PayoutRunErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [PayoutRunErrorCode.OWN_RUN]: 'FORBIDDEN',
  [PayoutRunErrorCode.NOT_APPROVED]: 'CONFLICT',
  [PayoutRunErrorCode.ALREADY_APPROVED]: 'CONFLICT',
  [PayoutRunErrorCode.ALREADY_EXECUTED]: 'CONFLICT',
  [PayoutRunErrorCode.EXECUTING_ELSEWHERE]: 'CONFLICT',
  [PayoutRunErrorCode.NOT_RETRYABLE]: 'CONFLICT',
  [PayoutRunErrorCode.BALANCE_CHANGED]: 'CONFLICT',
};

export const PayoutRunExceptionFilter = graphqlExceptionFilter(PayoutRunException, graphqlCodes);
