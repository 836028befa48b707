import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { ReferralLinkErrorCode, ReferralLinkException } from './referral-link.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<ReferralLinkErrorCode, ClientErrorCode> = {
  [ReferralLinkErrorCode.CAMPAIGN_NOT_FOUND]: 'NOT_FOUND',
  [ReferralLinkErrorCode.AMBASSADOR_NOT_FOUND]: 'NOT_FOUND',
  [ReferralLinkErrorCode.NOT_ELIGIBLE]: 'CONFLICT',
  [ReferralLinkErrorCode.AMBASSADOR_REQUIRED]: 'BAD_USER_INPUT',
};

export const ReferralLinkExceptionFilter = graphqlExceptionFilter(ReferralLinkException, graphqlCodes);
