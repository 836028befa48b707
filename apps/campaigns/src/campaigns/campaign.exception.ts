import { FeatureException } from '@streetteam/platform';

export enum CampaignErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  PROGRAM_NOT_FOUND = 'PROGRAM_NOT_FOUND',
  INVALID_INPUT = 'INVALID_INPUT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  ENDED = 'ENDED',
}

export class CampaignException extends FeatureException<CampaignErrorCode> {}
