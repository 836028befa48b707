import { FeatureException } from '@streetteam/platform';

export enum AmbassadorErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_NICKNAME = 'INVALID_NICKNAME',
  NOT_AN_AMBASSADOR = 'NOT_AN_AMBASSADOR',
}

export class AmbassadorException extends FeatureException<AmbassadorErrorCode> {}
