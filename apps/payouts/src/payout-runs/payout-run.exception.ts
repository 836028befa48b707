import { FeatureException } from '@streetteam/platform';

export enum PayoutRunErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  OWN_RUN = 'OWN_RUN',
  NOT_APPROVED = 'NOT_APPROVED',
  ALREADY_APPROVED = 'ALREADY_APPROVED',
  ALREADY_EXECUTED = 'ALREADY_EXECUTED',
  EXECUTING_ELSEWHERE = 'EXECUTING_ELSEWHERE',
  NOT_RETRYABLE = 'NOT_RETRYABLE',
  BALANCE_CHANGED = 'BALANCE_CHANGED',
}

export class PayoutRunException extends FeatureException<PayoutRunErrorCode> {}
