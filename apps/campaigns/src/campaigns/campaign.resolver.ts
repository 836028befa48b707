import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { CampaignRuleVersionEntity } from './campaign-rule-version.entity';
import { CampaignEntity } from './campaign.entity';
import { CampaignExceptionFilter } from './campaign-exception.filter';
import { CampaignStatus } from './campaign-rules';
import { Campaign, CampaignBudget, CampaignStatusEnum, CommissionRules, CommissionRulesInput, CreateCampaignInput, UpdateCampaignInput } from './campaign.model';
import { CampaignService } from './campaign.service';

/** Who configures campaigns. */
export const CAMPAIGN_MANAGERS: [Role, ...Role[]] = [Role.MARKETING_OPS, Role.ADMIN];

export const toCampaign = (c: CampaignEntity): Campaign => ({
  id: c.id,
  program: { id: c.programId },
  name: c.name,
  objective: c.objective,
  status: c.status,
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  currency: c.currency,
  eligibleTierIds: c.eligibleTierIds,
  attributionWindowDays: c.attributionWindowDays,
  precedence: c.precedence,
  recurringMonths: c.recurringMonths,
  landingUrl: c.landingUrl,
  createdAt: c.createdAt,
});

const toRules = (v: CampaignRuleVersionEntity): CommissionRules => ({
  version: v.version,
  effectiveFrom: v.effectiveFrom,
  percentBps: v.percentBps,
  flatPerSaleMinor: v.flatPerSaleMinor,
  flatPerLeadMinor: v.flatPerLeadMinor,
  tierOverrides: v.tierOverrides,
  pointsPerSale: v.pointsPerSale,
  pointsPerLead: v.pointsPerLead,
});

@Resolver(() => Campaign)
@UseFilters(CampaignExceptionFilter)
export class CampaignResolver {
  constructor(private readonly service: CampaignService) {}

  // Ambassadors see campaigns and their rules (what a sale pays them); the budget is for staff.
  @Query(() => Campaign)
  @Authenticated()
  async campaign(@Args('id', { type: () => ID }) id: string): Promise<Campaign> {
    return toCampaign(await this.service.get(id));
  }

  @Query(() => [Campaign], { description: 'Newest first.' })
  @Authenticated()
  async campaigns(
    @Args('programId', { type: () => ID, nullable: true }) programId?: string,
    @Args('status', { type: () => CampaignStatusEnum, nullable: true }) status?: CampaignStatus,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<Campaign[]> {
    return (await this.service.list({ ...(programId ? { programId } : {}), ...(status ? { status } : {}) }, first)).map(toCampaign);
  }

  @Mutation(() => Campaign, { description: 'A new campaign in DRAFT, with version 1 of its rules.' })
  @Roles(...CAMPAIGN_MANAGERS)
  async createCampaign(@Args('input') input: CreateCampaignInput, @CurrentIdentity() identity: Identity): Promise<Campaign> {
    return toCampaign(await this.service.create(input, identity.subject));
  }

  @Mutation(() => Campaign)
  @Roles(...CAMPAIGN_MANAGERS)
  async updateCampaign(@Args('input') input: UpdateCampaignInput): Promise<Campaign> {
    return toCampaign(await this.service.update(input));
  }

  @Mutation(() => Campaign, { description: 'DRAFT → ACTIVE ⇄ PAUSED → ENDED.' })
  @Roles(...CAMPAIGN_MANAGERS)
  async changeCampaignStatus(
    @Args('id', { type: () => ID }) id: string,
    @Args('status', { type: () => CampaignStatusEnum }) status: CampaignStatus,
  ): Promise<Campaign> {
    return toCampaign(await this.service.changeStatus(id, status));
  }

  @Mutation(() => CommissionRules, { description: 'A new version of the rules, in force from now; earlier sales keep theirs.' })
  @Roles(...CAMPAIGN_MANAGERS)
  async publishCommissionRules(
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('rules') rules: CommissionRulesInput,
    @CurrentIdentity() identity: Identity,
  ): Promise<CommissionRules> {
    return toRules(await this.service.publishRules(campaignId, rules, identity.subject));
  }

  @ResolveField(() => [CommissionRules], { description: 'Every version, newest first.' })
  @Authenticated()
  async commissionRules(@Parent() campaign: Campaign): Promise<CommissionRules[]> {
    return (await this.service.versions(campaign.id)).map(toRules);
  }

  @ResolveField(() => CampaignBudget)
  @Roles(Role.MARKETING_OPS, Role.FINANCE, Role.ADMIN)
  async budget(@Parent() campaign: Campaign): Promise<CampaignBudget> {
    return this.service.budget(await this.service.get(campaign.id));
  }
}
