import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { ProgramHealthErrorCode, ProgramHealthException } from './program-health.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<ProgramHealthErrorCode, ClientErrorCode> = {
  [ProgramHealthErrorCode.INVALID_PERIOD]: 'BAD_USER_INPUT',
  [ProgramHealthErrorCode.UNKNOWN_PROGRAM]: 'NOT_FOUND',
};

export const ProgramHealthExceptionFilter = graphqlExceptionFilter(ProgramHealthException, graphqlCodes);
