import { FeatureException } from '@streetteam/platform';

export enum TrainingErrorCode {
  INVALID_MODULE = 'INVALID_MODULE',
  WRONG_ANSWER_FORMAT = 'WRONG_ANSWER_FORMAT',
  UNKNOWN_PROGRAM = 'UNKNOWN_PROGRAM',
  NOT_FOUND = 'NOT_FOUND',
  NOT_AN_AMBASSADOR = 'NOT_AN_AMBASSADOR',
  NOT_IN_PROGRAM = 'NOT_IN_PROGRAM',
  OFFBOARDED = 'OFFBOARDED',
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class TrainingException extends FeatureException<TrainingErrorCode> {}
