import { UseFilters } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { assertSelfOrRole, Authenticated, CurrentIdentity, Identity, Role } from '@streetteam/auth';
import { AMBASSADOR_DATA_READERS } from '../ambassadors/ambassador.resolver';
import { Ambassador } from '../ambassadors/ambassador.model';
import { Campaign } from '../campaigns/campaign.model';
import { toCampaign } from '../campaigns/campaign.resolver';
import { CampaignService } from '../campaigns/campaign.service';
import { ReferralLinkEntity } from './referral-link.entity';
import { ReferralLinkExceptionFilter } from './referral-link-exception.filter';
import { ReferralLinkErrorCode, ReferralLinkException } from './referral-link.exception';
import { ReferralLink, ReferralLinkClicks } from './referral-link.model';
import { ReferralLinkService } from './referral-link.service';

@Resolver(() => ReferralLink)
@UseFilters(ReferralLinkExceptionFilter)
export class ReferralLinkResolver {
  constructor(
    private readonly links: ReferralLinkService,
    private readonly campaigns: CampaignService,
  ) {}

  private view(link: ReferralLinkEntity): ReferralLink {
    return { id: link.id, campaignId: link.campaignId, ambassador: { id: link.ambassadorId }, slug: link.slug, shortUrl: this.links.shortUrl(link), destinationUrl: link.destinationUrl, createdAt: link.createdAt };
  }

  @Mutation(() => ReferralLink, { description: 'The ambassador\'s link in an active campaign (made once; asking again returns it). Ops may make one for an ambassador.' })
  @Authenticated()
  async createReferralLink(
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @CurrentIdentity() identity: Identity,
    @Args('ambassadorId', { type: () => ID, nullable: true }) ambassadorId?: string,
  ): Promise<ReferralLink> {
    const forAmbassador = ambassadorId ?? identity.ambassadorId;
    if (!forAmbassador) throw new ReferralLinkException(ReferralLinkErrorCode.AMBASSADOR_REQUIRED, 'ambassadorId is required when the caller is not an ambassador');
    assertSelfOrRole(identity, forAmbassador, Role.MARKETING_OPS, Role.ADMIN);
    return this.view(await this.links.getOrCreate(campaignId, forAmbassador));
  }

  @Query(() => [ReferralLink], { description: 'An ambassador\'s links, newest first: their own, or anyone\'s for staff.' })
  @Authenticated()
  async referralLinks(@Args('ambassadorId', { type: () => ID }) ambassadorId: string, @CurrentIdentity() identity: Identity): Promise<ReferralLink[]> {
    assertSelfOrRole(identity, ambassadorId, ...AMBASSADOR_DATA_READERS);
    return (await this.links.listForAmbassador(ambassadorId)).map((l) => this.view(l));
  }

  @ResolveField(() => Campaign)
  @Authenticated()
  async campaign(@Parent() link: ReferralLink): Promise<Campaign> {
    return toCampaign(await this.campaigns.get(link.campaignId));
  }

  @ResolveField(() => String, { nullable: true, description: 'The ambassador\'s referral code: the discount code customers enter at checkout.' })
  @Authenticated()
  discountCode(@Parent() link: ReferralLink): Promise<string | null> {
    return this.links.discountCode(link.ambassador.id);
  }

  @ResolveField(() => ReferralLinkClicks)
  @Authenticated()
  clicks(@Parent() link: ReferralLink): Promise<ReferralLinkClicks> {
    return this.links.stats(link.id);
  }
}

@Resolver(() => Ambassador)
export class AmbassadorReferralLinksResolver {
  constructor(private readonly links: ReferralLinkService) {}

  @ResolveField(() => [ReferralLink], { description: 'The ambassador\'s referral links (campaigns).' })
  @Authenticated()
  async referralLinks(@Parent() ambassador: Ambassador, @CurrentIdentity() identity: Identity): Promise<ReferralLink[]> {
    assertSelfOrRole(identity, ambassador.id, ...AMBASSADOR_DATA_READERS);
    return (await this.links.listForAmbassador(ambassador.id)).map((link) => ({
      id: link.id,
      campaignId: link.campaignId,
      ambassador: { id: link.ambassadorId },
      slug: link.slug,
      shortUrl: this.links.shortUrl(link),
      destinationUrl: link.destinationUrl,
      createdAt: link.createdAt,
    }));
  }
}
