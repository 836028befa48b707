import { FeatureException } from '@streetteam/platform';

export enum ProgramHealthErrorCode {
  INVALID_PERIOD = 'INVALID_PERIOD',
  UNKNOWN_PROGRAM = 'UNKNOWN_PROGRAM',
}

export class ProgramHealthException extends FeatureException<ProgramHealthErrorCode> {}
