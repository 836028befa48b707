import { FeatureException } from '@streetteam/platform';

export enum ReferralLinkErrorCode {
  CAMPAIGN_NOT_FOUND = 'CAMPAIGN_NOT_FOUND',
  AMBASSADOR_NOT_FOUND = 'AMBASSADOR_NOT_FOUND',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  AMBASSADOR_REQUIRED = 'AMBASSADOR_REQUIRED',
}

export class ReferralLinkException extends FeatureException<ReferralLinkErrorCode> {}
