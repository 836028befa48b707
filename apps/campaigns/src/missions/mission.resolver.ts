import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { assertSelfOrRole, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { SubmissionStatus } from './mission-rules';
import { MissionExceptionFilter } from './mission-exception.filter';
import { MissionEntity } from './mission.entity';
import { MissionErrorCode, MissionException } from './mission.exception';
import { CreateMissionInput, Mission, MissionSubmission, MissionSubmissionStatusEnum, SubmitMissionInput } from './mission.model';
import { MissionService } from './mission.service';

const STAFF: [Role, ...Role[]] = [Role.MARKETING_OPS, Role.ADMIN];
const isStaff = (identity: Identity) => STAFF.some((role) => identity.roles.includes(role));

function ambassadorOf(identity: Identity): string {
  if (!identity.ambassadorId) throw new MissionException(MissionErrorCode.NOT_AN_AMBASSADOR, "this sign-in is not an ambassador's");
  return identity.ambassadorId;
}

@Resolver(() => Mission)
@UseFilters(MissionExceptionFilter)
export class MissionResolver {
  constructor(private readonly service: MissionService) {}

  @Mutation(() => Mission, { description: 'Marketing ops add a mission to a campaign.' })
  @Roles(...STAFF)
  createMission(@Args('input') input: CreateMissionInput, @CurrentIdentity() identity: Identity): Promise<Mission> {
    return this.service.create(input, identity.subject);
  }

  @Query(() => [Mission], { description: "A campaign's missions: staff, and the program's own ambassadors." })
  @Roles(Role.AMBASSADOR, ...STAFF)
  async missions(@Args('campaignId', { type: () => ID }) campaignId: string, @CurrentIdentity() identity: Identity): Promise<Mission[]> {
    await this.assertMayRead((await this.service.campaignOf(campaignId)).programId, identity);
    return this.service.list(campaignId);
  }

  @Query(() => Mission)
  @Roles(Role.AMBASSADOR, ...STAFF)
  async mission(@Args('id', { type: () => ID }) id: string, @CurrentIdentity() identity: Identity): Promise<MissionEntity> {
    const mission = await this.service.get(id);
    await this.assertMayRead(mission.programId, identity);
    return mission;
  }

  @Mutation(() => MissionSubmission, { description: 'An ACTIVE ambassador of an eligible tier submits to a mission, with the proof it asks.' })
  @Roles(Role.AMBASSADOR)
  submitMission(@Args('input') input: SubmitMissionInput, @CurrentIdentity() identity: Identity): Promise<MissionSubmission> {
    return this.service.submit(input, ambassadorOf(identity));
  }

  @Mutation(() => MissionSubmission, { description: 'Approve: points count and a bounty is paid as a commission. Approving again changes nothing.' })
  @Roles(...STAFF)
  approveMissionSubmission(@Args('submissionId', { type: () => ID }) submissionId: string, @CurrentIdentity() identity: Identity): Promise<MissionSubmission> {
    return this.service.approve(submissionId, identity.subject);
  }

  @Mutation(() => MissionSubmission, { description: 'Reject with a reason the ambassador sees.' })
  @Roles(...STAFF)
  rejectMissionSubmission(
    @Args('submissionId', { type: () => ID }) submissionId: string,
    @Args('reason') reason: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<MissionSubmission> {
    return this.service.reject(submissionId, reason.slice(0, 5000), identity.subject);
  }

  @Query(() => MissionSubmission, { description: 'One submission: its ambassador, or staff.' })
  @Roles(Role.AMBASSADOR, ...STAFF)
  async missionSubmission(@Args('id', { type: () => ID }) id: string, @CurrentIdentity() identity: Identity): Promise<MissionSubmission> {
    const submission = await this.service.submission(id);
    assertSelfOrRole(identity, submission.ambassadorId, ...STAFF);
    return submission;
  }

  @Query(() => [MissionSubmission], { description: "The signed-in ambassador's own submissions and their results, newest first." })
  @Roles(Role.AMBASSADOR)
  myMissionSubmissions(
    @CurrentIdentity() identity: Identity,
    @Args('campaignId', { type: () => ID, nullable: true }) campaignId?: string,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<MissionSubmission[]> {
    return this.service.submissions({ ambassadorId: ambassadorOf(identity), campaignId: campaignId ?? undefined }, first);
  }

  @Query(() => [MissionSubmission], { description: "A campaign's submissions to review, newest first." })
  @Roles(...STAFF)
  missionSubmissions(
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('missionId', { type: () => ID, nullable: true }) missionId?: string,
    @Args('status', { type: () => MissionSubmissionStatusEnum, nullable: true }) status?: SubmissionStatus,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<MissionSubmission[]> {
    return this.service.submissions({ campaignId, missionId: missionId ?? undefined, status: status ?? undefined }, first);
  }

  // Missions are for the program's own ambassadors (any status: they see what they could do once active).
  private async assertMayRead(programId: string, identity: Identity): Promise<void> {
    if (isStaff(identity)) return;
    const me = identity.ambassadorId ? await this.service.ambassador(identity.ambassadorId) : null;
    if (!me || me.programId !== programId) throw new MissionException(MissionErrorCode.OTHER_PROGRAM, "only the program's own ambassadors see its missions");
  }
}
