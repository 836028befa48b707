import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { TierErrorCode, TierException } from './tier.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<TierErrorCode, string> = {
  [TierErrorCode.INVALID_TIER]: 'BAD_USER_INPUT',
  [TierErrorCode.UNKNOWN_PROGRAM]: 'NOT_FOUND',
  [TierErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [TierErrorCode.NAME_OR_RANK_TAKEN]: 'CONFLICT',
};

@Catch(TierException)
export class TierExceptionFilter implements GqlExceptionFilter {
  catch(exception: TierException): GraphQLError {
    return new GraphQLError(exception.message, { extensions: { code: graphqlCodes[exception.code], reason: exception.code } });
  }
}
