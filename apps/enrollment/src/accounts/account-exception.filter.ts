import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { AccountErrorCode, AccountException } from './account.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<AccountErrorCode, ClientErrorCode> = {
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

export const AccountExceptionFilter = graphqlExceptionFilter(AccountException, graphqlCodes);
