import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { assertSelfOrRole, Authenticated, CurrentIdentity, Identity } from '@streetteam/auth';
import { ClientErrorCode, graphqlExceptionFilter } from '@streetteam/platform';
import { AMBASSADOR_DATA_READERS } from '../ambassadors/ambassador.resolver';
import { Ambassador } from '../ambassadors/ambassador.model';
import { RewardFeedEntry } from './outcome-feed.model';
import { OutcomeFeedErrorCode, OutcomeFeedException, OutcomeFeedService } from './outcome-feed.service';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<OutcomeFeedErrorCode, ClientErrorCode> = { [OutcomeFeedErrorCode.INVALID_INPUT]: 'BAD_USER_INPUT' };
const OutcomeFeedExceptionFilter = graphqlExceptionFilter(OutcomeFeedException, graphqlCodes);

@Resolver(() => RewardFeedEntry)
@UseFilters(OutcomeFeedExceptionFilter)
export class OutcomeFeedResolver {
  constructor(private readonly feed: OutcomeFeedService) {}

  @Query(() => [RewardFeedEntry], { description: '"Where is my reward?": an ambassador\'s referrals, newest first; their own only (staff: anyone\'s).' })
  @Authenticated()
  rewardFeed(
    @Args('ambassadorId', { type: () => ID }) ambassadorId: string,
    @CurrentIdentity() identity: Identity,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('before', { type: () => Date, nullable: true, description: 'Entries before this time (the last entry\'s `at`), for the next page.' }) before?: Date,
  ): Promise<RewardFeedEntry[]> {
    assertSelfOrRole(identity, ambassadorId, ...AMBASSADOR_DATA_READERS);
    return this.feed.feed(ambassadorId, first, before ?? null);
  }
}

@Resolver(() => Ambassador)
@UseFilters(OutcomeFeedExceptionFilter)
export class AmbassadorRewardFeedResolver {
  constructor(private readonly feed: OutcomeFeedService) {}

  @ResolveField(() => [RewardFeedEntry], { description: 'The ambassador\'s latest referrals and their rewards.' })
  @Authenticated()
  rewardFeed(@Parent() ambassador: Ambassador, @CurrentIdentity() identity: Identity, @Args('first', { type: () => Int, defaultValue: 20 }) first: number): Promise<RewardFeedEntry[]> {
    assertSelfOrRole(identity, ambassador.id, ...AMBASSADOR_DATA_READERS);
    return this.feed.feed(ambassador.id, first, null);
  }
}
