import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertSelfOrRole, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { AmbassadorRecordEntity } from '../ambassadors/ambassador-record.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { LeaderboardRanking } from './leaderboard-rules';
import { LeaderboardExceptionFilter } from './leaderboard-exception.filter';
import { LeaderboardErrorCode, LeaderboardException } from './leaderboard.exception';
import { Leaderboard, LeaderboardEntry, LeaderboardRankingEnum } from './leaderboard.model';
import { LeaderboardService, RankedEntry } from './leaderboard.service';
import { isUuid } from '@streetteam/contracts';

const STAFF: [Role, ...Role[]] = [Role.MARKETING_OPS, Role.ADMIN];
const MAX_OFFSET = 100_000;

@Resolver(() => Leaderboard)
@UseFilters(LeaderboardExceptionFilter)
export class LeaderboardResolver {
  constructor(
    private readonly leaderboards: LeaderboardService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Query(() => Leaderboard, { description: "A campaign's leaderboard, best first: staff, and the program's own ambassadors." })
  @Roles(Role.AMBASSADOR, ...STAFF)
  async leaderboard(
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @CurrentIdentity() identity: Identity,
    @Args('by', { type: () => LeaderboardRankingEnum, defaultValue: 'POINTS' }) by: LeaderboardRanking,
    @Args('first', { type: () => Int, defaultValue: 10 }) first: number,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ): Promise<Leaderboard> {
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
      throw new LeaderboardException(LeaderboardErrorCode.INVALID_INPUT, `offset: must be a whole number from 0 to ${MAX_OFFSET}`, { field: 'offset' });
    }
    const campaign = await this.readableCampaign(campaignId, identity);
    const { entries, total } = await this.leaderboards.board(campaign.id, by, first, offset);
    return { campaignId: campaign.id, by, currency: campaign.currency, totalEntries: total, entries: entries.map((e) => this.shown(e, identity)) };
  }

  @Query(() => LeaderboardEntry, { nullable: true, description: "One ambassador's place on a campaign's board (null when not on it): the ambassador themself, or staff." })
  @Roles(Role.AMBASSADOR, ...STAFF)
  async leaderboardPosition(
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('ambassadorId', { type: () => ID }) ambassadorId: string,
    @CurrentIdentity() identity: Identity,
    @Args('by', { type: () => LeaderboardRankingEnum, defaultValue: 'POINTS' }) by: LeaderboardRanking,
  ): Promise<LeaderboardEntry | null> {
    assertSelfOrRole(identity, ambassadorId, ...STAFF);
    const campaign = await this.readableCampaign(campaignId, identity);
    const entry = isUuid(ambassadorId) ? await this.leaderboards.position(campaign.id, ambassadorId, by) : null;
    return entry && this.shown(entry, identity);
  }

  private shown(entry: RankedEntry, identity: Identity): LeaderboardEntry {
    const isYou = identity.ambassadorId === entry.ambassadorId;
    const staff = STAFF.some((role) => identity.roles.includes(role));
    return { ...entry, isYou, ambassadorId: isYou || staff ? entry.ambassadorId : null };
  }

  // An ambassador sees the boards of their own program's campaigns only.
  private async readableCampaign(campaignId: string, identity: Identity): Promise<CampaignEntity> {
    const campaign = isUuid(campaignId) ? await this.dataSource.manager.findOneBy(CampaignEntity, { id: campaignId }) : null;
    if (!campaign) throw new LeaderboardException(LeaderboardErrorCode.UNKNOWN_CAMPAIGN, `campaignId: campaign ${campaignId} does not exist`, { field: 'campaignId' });
    if (STAFF.some((role) => identity.roles.includes(role))) return campaign;
    const me = identity.ambassadorId ? await this.dataSource.manager.findOneBy(AmbassadorRecordEntity, { id: identity.ambassadorId }) : null;
    if (!me || me.programId !== campaign.programId) {
      throw new LeaderboardException(LeaderboardErrorCode.NOT_IN_PROGRAM, "campaignId: only the program's own ambassadors see this campaign's leaderboard");
    }
    return campaign;
  }
}
