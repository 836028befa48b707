import { FeatureException } from '@streetteam/platform';

export enum TierErrorCode {
  INVALID_TIER = 'INVALID_TIER',
  UNKNOWN_PROGRAM = 'UNKNOWN_PROGRAM',
  NAME_OR_RANK_TAKEN = 'NAME_OR_RANK_TAKEN',
  NOT_FOUND = 'NOT_FOUND',
}

export class TierException extends FeatureException<TierErrorCode> {}
