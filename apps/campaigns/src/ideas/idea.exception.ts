import { FeatureException } from '@streetteam/platform';

export enum IdeaErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  INVALID_CURSOR = 'INVALID_CURSOR',
  UNKNOWN_PROGRAM = 'UNKNOWN_PROGRAM',
  NOT_FOUND = 'NOT_FOUND',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  RATE_LIMITED = 'RATE_LIMITED',
  NOT_AN_AMBASSADOR = 'NOT_AN_AMBASSADOR',
}

export class IdeaException extends FeatureException<IdeaErrorCode> {}
