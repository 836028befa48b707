import { FeatureException } from '@streetteam/platform';

export enum LeaderboardErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  UNKNOWN_CAMPAIGN = 'UNKNOWN_CAMPAIGN',
  NOT_IN_PROGRAM = 'NOT_IN_PROGRAM',
}

export class LeaderboardException extends FeatureException<LeaderboardErrorCode> {}
