import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { ReconciliationErrorCode, ReconciliationException } from './reconciliation.exception';

const graphqlCodes: Record<ReconciliationErrorCode, ClientErrorCode> = {
  [ReconciliationErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [ReconciliationErrorCode.NOT_FOUND]: 'NOT_FOUND',
};

export const ReconciliationExceptionFilter = graphqlExceptionFilter(ReconciliationException, graphqlCodes);
