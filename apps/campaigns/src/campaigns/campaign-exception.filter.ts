import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { CampaignErrorCode, CampaignException } from './campaign.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<CampaignErrorCode, ClientErrorCode> = {
  [CampaignErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [CampaignErrorCode.PROGRAM_NOT_FOUND]: 'NOT_FOUND',
  [CampaignErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [CampaignErrorCode.INVALID_TRANSITION]: 'CONFLICT',
  [CampaignErrorCode.ENDED]: 'CONFLICT',
};

export const CampaignExceptionFilter = graphqlExceptionFilter(CampaignException, graphqlCodes);
