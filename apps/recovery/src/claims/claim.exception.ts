import { ClientErrorCode, FeatureException, graphqlExceptionFilter } from '@streetteam/platform';

export enum ClaimErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  /** Unknown order or wrong email: the same answer, so it tells nobody which. */
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  CLAIM_NOT_FOUND = 'CLAIM_NOT_FOUND',
  PROGRAM_NOT_RECORDED = 'PROGRAM_NOT_RECORDED',
  OUTSIDE_GUARANTEE_WINDOW = 'OUTSIDE_GUARANTEE_WINDOW',
  RESOLUTION_NOT_ALLOWED = 'RESOLUTION_NOT_ALLOWED',
  NO_PAYMENT_TO_REFUND = 'NO_PAYMENT_TO_REFUND',
  INVALID_ITEMS = 'INVALID_ITEMS',
  ALREADY_CLAIMED = 'ALREADY_CLAIMED',
  NOTHING_LEFT_TO_REFUND = 'NOTHING_LEFT_TO_REFUND',
  NOT_ESCALATED = 'NOT_ESCALATED',
  RATE_LIMITED = 'RATE_LIMITED',
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class ClaimException extends FeatureException<ClaimErrorCode> {}

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<ClaimErrorCode, ClientErrorCode> = {
  [ClaimErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [ClaimErrorCode.ORDER_NOT_FOUND]: 'NOT_FOUND',
  [ClaimErrorCode.CLAIM_NOT_FOUND]: 'NOT_FOUND',
  [ClaimErrorCode.PROGRAM_NOT_RECORDED]: 'NOT_FOUND',
  [ClaimErrorCode.OUTSIDE_GUARANTEE_WINDOW]: 'BAD_USER_INPUT',
  [ClaimErrorCode.RESOLUTION_NOT_ALLOWED]: 'BAD_USER_INPUT',
  [ClaimErrorCode.NO_PAYMENT_TO_REFUND]: 'BAD_USER_INPUT',
  [ClaimErrorCode.INVALID_ITEMS]: 'BAD_USER_INPUT',
  [ClaimErrorCode.INVALID_CURSOR]: 'BAD_USER_INPUT',
  [ClaimErrorCode.ALREADY_CLAIMED]: 'CONFLICT',
  [ClaimErrorCode.NOTHING_LEFT_TO_REFUND]: 'CONFLICT',
  [ClaimErrorCode.NOT_ESCALATED]: 'CONFLICT',
  // No 429-like GraphQL code; FORBIDDEN with reason RATE_LIMITED and retryAfterSeconds, as enrollment does.
  [ClaimErrorCode.RATE_LIMITED]: 'FORBIDDEN',
};

export const ClaimExceptionFilter = graphqlExceptionFilter(ClaimException, graphqlCodes);
