import { UseFilters } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { TierExceptionFilter } from './tier-exception.filter';
import { CreateTierInput, Tier } from './tier.model';
import { TierService } from './tier.service';

@Resolver(() => Tier)
@UseFilters(TierExceptionFilter)
export class TierResolver {
  constructor(private readonly service: TierService) {}

  @Mutation(() => Tier, { description: 'Marketing ops add a tier to a program.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  createTier(@Args('input') input: CreateTierInput, @CurrentIdentity() identity: Identity): Promise<Tier> {
    const { programId, ...tier } = input;
    return this.service.create(programId, tier, identity.subject);
  }

  @Query(() => [Tier], { description: "A program's tiers, lowest rank first: ambassadors see what the next one takes." })
  @Authenticated()
  tiers(@Args('programId', { type: () => ID }) programId: string): Promise<Tier[]> {
    return this.service.list(programId);
  }
}
