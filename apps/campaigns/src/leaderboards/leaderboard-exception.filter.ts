import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { LeaderboardErrorCode, LeaderboardException } from './leaderboard.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<LeaderboardErrorCode, ClientErrorCode> = {
  [LeaderboardErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT',
  [LeaderboardErrorCode.UNKNOWN_CAMPAIGN]: 'NOT_FOUND',
  [LeaderboardErrorCode.NOT_IN_PROGRAM]: 'FORBIDDEN',
};

export const LeaderboardExceptionFilter = graphqlExceptionFilter(LeaderboardException, graphqlCodes);
