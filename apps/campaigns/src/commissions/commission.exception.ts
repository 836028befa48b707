import { FeatureException } from '@streetteam/platform';

export enum CommissionErrorCode {
  CAMPAIGN_NOT_FOUND = 'CAMPAIGN_NOT_FOUND',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
}

/** Thrown to callers in their own transaction (the missions helper's bounty), which roll back. */
export class CommissionException extends FeatureException<CommissionErrorCode> {}
