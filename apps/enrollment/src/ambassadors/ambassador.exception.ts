import { FeatureException } from '@streetteam/platform';

export enum AmbassadorErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_CURSOR = 'INVALID_CURSOR',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  REASON_REQUIRED = 'REASON_REQUIRED',
  INVALID_CODE = 'INVALID_CODE',
  CODE_TAKEN = 'CODE_TAKEN',
  NOT_ACTIVE = 'NOT_ACTIVE',
}

export class AmbassadorException extends FeatureException<AmbassadorErrorCode> {}
