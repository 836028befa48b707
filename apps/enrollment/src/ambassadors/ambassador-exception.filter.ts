import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { AmbassadorErrorCode, AmbassadorException } from './ambassador.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<AmbassadorErrorCode, string> = {
  [AmbassadorErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [AmbassadorErrorCode.INVALID_CURSOR]: 'BAD_USER_INPUT',
  [AmbassadorErrorCode.REASON_REQUIRED]: 'BAD_USER_INPUT',
  [AmbassadorErrorCode.INVALID_CODE]: 'BAD_USER_INPUT',
  [AmbassadorErrorCode.INVALID_TRANSITION]: 'CONFLICT',
  [AmbassadorErrorCode.CODE_TAKEN]: 'CONFLICT',
  [AmbassadorErrorCode.NOT_ACTIVE]: 'CONFLICT',
};

@Catch(AmbassadorException)
export class AmbassadorExceptionFilter implements GqlExceptionFilter {
  catch(exception: AmbassadorException): GraphQLError {
    return new GraphQLError(exception.message, { extensions: { code: graphqlCodes[exception.code], reason: exception.code } });
  }
}
