import { ClientErrorCode, FeatureException, graphqlExceptionFilter } from '@streetteam/platform';

export enum FrontLineErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  CLAIM_NOT_FOUND = 'CLAIM_NOT_FOUND',
}

export class FrontLineException extends FeatureException<FrontLineErrorCode> {}

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<FrontLineErrorCode, ClientErrorCode> = {
  [FrontLineErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [FrontLineErrorCode.CLAIM_NOT_FOUND]: 'NOT_FOUND',
};

export const FrontLineExceptionFilter = graphqlExceptionFilter(FrontLineException, graphqlCodes);
