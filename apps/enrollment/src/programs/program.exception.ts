import { FeatureException } from '@streetteam/platform';

export enum ProgramErrorCode {
  INVALID_NAME = 'INVALID_NAME',
  UNSUPPORTED_CURRENCY = 'UNSUPPORTED_CURRENCY',
  INVALID_GUARANTEE_WINDOW = 'INVALID_GUARANTEE_WINDOW',
  NAME_TAKEN = 'NAME_TAKEN',
  NOT_FOUND = 'NOT_FOUND',
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class ProgramException extends FeatureException<ProgramErrorCode> {}
