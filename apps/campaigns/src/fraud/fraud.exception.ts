import { FeatureException } from '@streetteam/platform';

export enum FraudErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_DECIDED = 'ALREADY_DECIDED',
  NOTHING_TO_VOID = 'NOTHING_TO_VOID',
  INVALID_INPUT = 'INVALID_INPUT',
}

export class FraudException extends FeatureException<FraudErrorCode> {}
