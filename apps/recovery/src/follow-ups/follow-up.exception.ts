import { ClientErrorCode, FeatureException, graphqlExceptionFilter } from '@streetteam/platform';

export enum FollowUpErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_ANSWERED = 'ALREADY_ANSWERED',
  INVALID_PERIOD = 'INVALID_PERIOD',
}

export class FollowUpException extends FeatureException<FollowUpErrorCode> {}

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<FollowUpErrorCode, ClientErrorCode> = {
  [FollowUpErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [FollowUpErrorCode.ALREADY_ANSWERED]: 'CONFLICT',
  [FollowUpErrorCode.INVALID_PERIOD]: 'BAD_USER_INPUT',
};

export const FollowUpExceptionFilter = graphqlExceptionFilter(FollowUpException, graphqlCodes);
