import { UseFilters } from '@nestjs/common';
import { Args, Mutation, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { assertSelfOrRole, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { AmbassadorRecordEntity } from './ambassador-record.entity';
import { AmbassadorExceptionFilter } from './ambassador-exception.filter';
import { AmbassadorErrorCode, AmbassadorException } from './ambassador.exception';
import { Ambassador, AmbassadorLeaderboardProfile } from './ambassador.model';
import { AmbassadorRecordService } from './ambassador-record.service';
import { publicName } from './nickname';

/** Staff who may see any ambassador's campaigns data. */
export const AMBASSADOR_DATA_READERS: [Role, ...Role[]] = [Role.MARKETING_OPS, Role.FINANCE, Role.SUPPORT_AGENT, Role.ADMIN];

const toProfile = (r: AmbassadorRecordEntity): AmbassadorLeaderboardProfile => ({ ambassador: { id: r.id }, nickname: r.nickname, showNickname: r.showNickname, shownName: publicName(r) });

@Resolver(() => Ambassador)
@UseFilters(AmbassadorExceptionFilter)
export class AmbassadorResolver {
  constructor(private readonly records: AmbassadorRecordService) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Ambassador {
    return { id: reference.id };
  }

  @ResolveField(() => AmbassadorLeaderboardProfile, { nullable: true, description: 'Null until campaigns has recorded the ambassador.' })
  @Roles(Role.AMBASSADOR, ...AMBASSADOR_DATA_READERS)
  async leaderboardProfile(@Parent() ambassador: Ambassador, @CurrentIdentity() identity: Identity): Promise<AmbassadorLeaderboardProfile | null> {
    assertSelfOrRole(identity, ambassador.id, ...AMBASSADOR_DATA_READERS);
    const record = await this.records.find(ambassador.id);
    return record && toProfile(record);
  }

  @Mutation(() => AmbassadorLeaderboardProfile, { description: 'The signed-in ambassador picks a nickname (2-30 characters) and whether leaderboards show it.' })
  @Roles(Role.AMBASSADOR)
  async setLeaderboardNickname(
    @Args('nickname', { type: () => String, nullable: true }) nickname: string | null,
    @Args('showNickname') showNickname: boolean,
    @CurrentIdentity() identity: Identity,
  ): Promise<AmbassadorLeaderboardProfile> {
    // Only the ambassador themself: staff never speak for them on a leaderboard.
    if (!identity.ambassadorId) throw new AmbassadorException(AmbassadorErrorCode.NOT_AN_AMBASSADOR, 'only an ambassador may set their own nickname');
    return toProfile(await this.records.setNickname(identity.ambassadorId, nickname?.slice(0, 200) ?? null, showNickname));
  }
}
