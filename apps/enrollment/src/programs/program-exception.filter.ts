import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { ProgramErrorCode, ProgramException } from './program.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<ProgramErrorCode, ClientErrorCode> = {
  [ProgramErrorCode.INVALID_NAME]: 'BAD_USER_INPUT',
  [ProgramErrorCode.UNSUPPORTED_CURRENCY]: 'BAD_USER_INPUT',
  [ProgramErrorCode.INVALID_GUARANTEE_WINDOW]: 'BAD_USER_INPUT',
  [ProgramErrorCode.INVALID_CURSOR]: 'BAD_USER_INPUT',
  [ProgramErrorCode.NAME_TAKEN]: 'CONFLICT',
  [ProgramErrorCode.NOT_FOUND]: 'NOT_FOUND',
};

export const ProgramExceptionFilter = graphqlExceptionFilter(ProgramException, graphqlCodes);
