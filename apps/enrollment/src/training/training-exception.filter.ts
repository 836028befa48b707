import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { TrainingErrorCode, TrainingException } from './training.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<TrainingErrorCode, ClientErrorCode> = {
  [TrainingErrorCode.INVALID_MODULE]: 'BAD_USER_INPUT',
  [TrainingErrorCode.WRONG_ANSWER_FORMAT]: 'BAD_USER_INPUT',
  [TrainingErrorCode.INVALID_CURSOR]: 'BAD_USER_INPUT',
  [TrainingErrorCode.UNKNOWN_PROGRAM]: 'NOT_FOUND',
  [TrainingErrorCode.NOT_FOUND]: 'NOT_FOUND',
  // The token's role passed the guard but it names no ambassador, or another program's.
  [TrainingErrorCode.NOT_AN_AMBASSADOR]: 'FORBIDDEN',
  [TrainingErrorCode.NOT_IN_PROGRAM]: 'FORBIDDEN',
  [TrainingErrorCode.OFFBOARDED]: 'CONFLICT',
};

export const TrainingExceptionFilter = graphqlExceptionFilter(TrainingException, graphqlCodes);
