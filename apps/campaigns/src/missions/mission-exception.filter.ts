import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { MissionErrorCode, MissionException } from './mission.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<MissionErrorCode, ClientErrorCode> = {
  [MissionErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [MissionErrorCode.INVALID_PROOF]: 'BAD_USER_INPUT',
  [MissionErrorCode.UNKNOWN_CAMPAIGN]: 'NOT_FOUND',
  [MissionErrorCode.NOT_FOUND]: 'NOT_FOUND',
  [MissionErrorCode.NOT_AN_AMBASSADOR]: 'FORBIDDEN',
  [MissionErrorCode.UNKNOWN_AMBASSADOR]: 'FORBIDDEN',
  [MissionErrorCode.NOT_ACTIVE]: 'FORBIDDEN',
  [MissionErrorCode.OTHER_PROGRAM]: 'FORBIDDEN',
  [MissionErrorCode.TIER_NOT_ELIGIBLE]: 'FORBIDDEN',
  [MissionErrorCode.CAMPAIGN_NOT_RUNNING]: 'CONFLICT',
  [MissionErrorCode.MISSION_NOT_OPEN]: 'CONFLICT',
  [MissionErrorCode.LIMIT_REACHED]: 'CONFLICT',
  [MissionErrorCode.ALREADY_DECIDED]: 'CONFLICT',
};

export const MissionExceptionFilter = graphqlExceptionFilter(MissionException, graphqlCodes);
