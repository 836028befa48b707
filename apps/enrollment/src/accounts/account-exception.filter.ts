import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { AccountErrorCode, AccountException } from './account.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<AccountErrorCode, string> = {
  [AccountErrorCode.INVALID_EMAIL]: 'BAD_USER_INPUT',
  [AccountErrorCode.WEAK_PASSWORD]: 'BAD_USER_INPUT',
  [AccountErrorCode.INVALID_ROLES]: 'BAD_USER_INPUT',
  [AccountErrorCode.INVALID_RESET_TOKEN]: 'BAD_USER_INPUT',
  [AccountErrorCode.EMAIL_TAKEN]: 'CONFLICT',
  [AccountErrorCode.INVALID_CREDENTIALS]: 'UNAUTHENTICATED',
  // The platform has no 429-like GraphQL code; FORBIDDEN plus reason LOCKED_OUT and retryAfterSeconds.
  [AccountErrorCode.LOCKED_OUT]: 'FORBIDDEN',
  [AccountErrorCode.LOGIN_NOT_AVAILABLE]: 'FORBIDDEN',
  [AccountErrorCode.NOT_FOUND]: 'NOT_FOUND',
};

@Catch(AccountException)
export class AccountExceptionFilter implements GqlExceptionFilter {
  catch(exception: AccountException): GraphQLError {
    return new GraphQLError(exception.message, {
      extensions: { code: graphqlCodes[exception.code], reason: exception.code, ...exception.details },
    });
  }
}
