import { ClientErrorCode, FeatureException, graphqlExceptionFilter } from '@streetteam/platform';

export enum ProgramErrorCode {
  INVALID_POLICY = 'INVALID_POLICY',
  UNKNOWN_PROGRAM = 'UNKNOWN_PROGRAM',
}

export class ProgramException extends FeatureException<ProgramErrorCode> {}

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<ProgramErrorCode, ClientErrorCode> = {
  [ProgramErrorCode.INVALID_POLICY]: 'BAD_USER_INPUT',
  [ProgramErrorCode.UNKNOWN_PROGRAM]: 'NOT_FOUND',
};

export const ProgramExceptionFilter = graphqlExceptionFilter(ProgramException, graphqlCodes);
