import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LeaderboardRanking } from './leaderboard-rules';
import { MinorUnits } from '@streetteam/platform';

export const LeaderboardRankingEnum = { POINTS: 'POINTS', SALES: 'SALES' } as const satisfies { [R in LeaderboardRanking]: R };
registerEnumType(LeaderboardRankingEnum, { name: 'LeaderboardRanking', description: 'What a campaign leaderboard ranks by: points, or attributed sales.' });

@ObjectType({ description: "One real ambassador's place on a campaign leaderboard; ties go to whoever reached the score first." })
export class LeaderboardEntry {
  @Field(() => Int)
  rank!: number;

  @Field({ description: 'The nickname when the ambassador chose to show it, else their display name.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Shown to the ambassador themself and to staff only.' })
  ambassadorId!: string | null;

  @Field({ description: 'Whether this is the signed-in ambassador.' })
  isYou!: boolean;

  @Field(() => Int)
  points!: number;

  @Field(() => MinorUnits, { description: "Attributed sales, net of reversals, in minor units of the campaign's currency." })
  salesMinor!: number;
}

@ObjectType()
export class Leaderboard {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => LeaderboardRankingEnum)
  by!: LeaderboardRanking;

  @Field()
  currency!: string;

  @Field(() => Int, { description: 'Real ambassadors with a score on this board.' })
  totalEntries!: number;

  @Field(() => [LeaderboardEntry])
  entries!: LeaderboardEntry[];
}
