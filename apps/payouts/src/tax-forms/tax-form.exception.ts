import { ClientErrorCode, FeatureException, graphqlExceptionFilter } from '@streetteam/platform';

export enum TaxFormErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
}

export class TaxFormException extends FeatureException<TaxFormErrorCode> {}

const graphqlCodes: Record<TaxFormErrorCode, ClientErrorCode> = {
  [TaxFormErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [TaxFormErrorCode.NOT_FOUND]: 'NOT_FOUND',
};

export const TaxFormExceptionFilter = graphqlExceptionFilter(TaxFormException, graphqlCodes);
