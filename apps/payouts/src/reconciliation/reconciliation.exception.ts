import { FeatureException } from '@streetteam/platform';

export enum ReconciliationErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
}

export class ReconciliationException extends FeatureException<ReconciliationErrorCode> {}
