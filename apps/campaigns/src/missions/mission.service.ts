import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AmbassadorRecordEntity } from '../ambassadors/ambassador-record.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { CommissionService } from '../commissions/commission.service';
import { LeaderboardService } from '../leaderboards/leaderboard.service';
import { checkMission, checkProof, defaultInvolvement, InvolvementForm, MISSION_LIMITS, MissionKind, ProofKind, refusalToSubmit, reviewOutcome, SubmissionStatus } from './mission-rules';
import { MissionEntity, MissionSubmissionEntity } from './mission.entity';
import { MissionErrorCode, MissionException } from './mission.exception';
import { isUuid } from '@streetteam/contracts';

export const MAX_SUBMISSION_PAGE = 100;

export interface NewMission {
  campaignId: string;
  kind: MissionKind;
  involvement?: InvolvementForm | null;
  title: string;
  description: string;
  points: number;
  bountyMinor?: number | null;
  proof: ProofKind;
  limitPerAmbassador: number;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

export interface SubmissionFilter {
  ambassadorId?: string;
  campaignId?: string;
  missionId?: string;
  status?: SubmissionStatus;
}

@Injectable()
export class MissionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leaderboards: LeaderboardService,
    private readonly commissions: CommissionService,
  ) {}

  async create(input: NewMission, createdBy: string, now = new Date()): Promise<MissionEntity> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.campaign(manager, input.campaignId, 'campaignId');
      const draft = {
        title: input.title.trim(),
        description: input.description.trim(),
        points: input.points,
        bountyMinor: input.bountyMinor ?? null,
        limitPerAmbassador: input.limitPerAmbassador,
        startsAt: input.startsAt ?? now,
        endsAt: input.endsAt ?? null,
      };
      const problems = checkMission(draft, campaign);
      if (problems.length > 0) throw new MissionException(MissionErrorCode.INVALID_INPUT, problems.map((p) => p.problem).join('; '), { fields: problems.map((p) => p.field) });
      const mission = Object.assign(new MissionEntity(), {
        id: randomUUID(),
        campaignId: campaign.id,
        programId: campaign.programId,
        kind: input.kind,
        involvement: input.involvement ?? defaultInvolvement(input.kind),
        ...draft,
        currency: campaign.currency,
        proof: input.proof,
        createdBy,
        createdAt: now,
      });
      await manager.insert(MissionEntity, mission);
      return mission;
    });
  }

  async get(id: string): Promise<MissionEntity> {
    const mission = isUuid(id) ? await this.dataSource.manager.findOneBy(MissionEntity, { id }) : null;
    if (!mission) throw new MissionException(MissionErrorCode.NOT_FOUND, `id: mission ${id} does not exist`, { field: 'id' });
    return mission;
  }

  async list(campaignId: string): Promise<MissionEntity[]> {
    await this.campaign(this.dataSource.manager, campaignId, 'campaignId');
    return this.dataSource.manager.find(MissionEntity, { where: { campaignId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The campaign a mission belongs to, for checking who may see it. */
  async campaignOf(campaignId: string): Promise<CampaignEntity> {
    return this.campaign(this.dataSource.manager, campaignId, 'campaignId');
  }

  async ambassador(ambassadorId: string): Promise<AmbassadorRecordEntity | null> {
    return this.dataSource.manager.findOneBy(AmbassadorRecordEntity, { id: ambassadorId });
  }

  /** An ambassador submits to a mission: who they are, the mission's limits and its proof are checked in one go. */
  async submit(input: { missionId: string; proofUrl?: string | null; proofText?: string | null }, ambassadorId: string, now = new Date()): Promise<MissionSubmissionEntity> {
    return this.dataSource.transaction(async (manager) => {
      const mission = isUuid(input.missionId) ? await manager.findOneBy(MissionEntity, { id: input.missionId }) : null;
      if (!mission) throw new MissionException(MissionErrorCode.NOT_FOUND, `missionId: mission ${input.missionId} does not exist`, { field: 'missionId' });
      const proof = checkProof(mission.proof, { url: input.proofUrl, text: input.proofText });
      if (!proof.ok) throw new MissionException(MissionErrorCode.INVALID_PROOF, proof.problem, { field: proof.field });
      // One ambassador's submissions to one mission take turns, so the limit can't be raced past.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('mission:' || $1 || ':' || $2))`, [mission.id, ambassadorId]);
      const ambassador = await manager.findOneBy(AmbassadorRecordEntity, { id: ambassadorId });
      if (!ambassador) throw new MissionException(MissionErrorCode.UNKNOWN_AMBASSADOR, `campaigns has no record of ambassador ${ambassadorId}`);
      const campaign = await this.campaign(manager, mission.campaignId, 'missionId');
      const [{ n }]: Array<{ n: number }> = await manager.query(
        `SELECT count(*)::int AS n FROM mission_submissions WHERE mission_id = $1 AND ambassador_id = $2 AND status IN ('PENDING', 'APPROVED')`,
        [mission.id, ambassadorId],
      );
      const refusal = refusalToSubmit(ambassador, campaign, mission, n, now);
      if (refusal) throw new MissionException(MissionErrorCode[refusal.code], refusal.problem, { field: refusal.field });
      const submission = Object.assign(new MissionSubmissionEntity(), {
        id: randomUUID(),
        missionId: mission.id,
        campaignId: mission.campaignId,
        ambassadorId,
        proofUrl: proof.url,
        proofText: proof.text,
        status: 'PENDING' as const,
        rejectionReason: null,
        reviewedBy: null,
        reviewedAt: null,
        submittedAt: now,
      });
      await manager.insert(MissionSubmissionEntity, submission);
      return submission;
    });
  }

  /**
   * Ops approve a submission: its points count on the campaign's leaderboard, and a
   * bounty becomes a commission, in the same transaction. Approving again changes nothing
   * (the submission is locked and already APPROVED; commissions are unique per submission too).
   */
  async approve(submissionId: string, reviewer: string, now = new Date()): Promise<MissionSubmissionEntity> {
    return this.dataSource.transaction(async (manager) => {
      const submission = await this.lockSubmission(manager, submissionId);
      const outcome = reviewOutcome(submission.status, 'APPROVED');
      if (outcome === 'ALREADY_DONE') return submission;
      if (outcome === 'CONFLICT') throw this.decided(submission);
      const mission = await manager.findOneByOrFail(MissionEntity, { id: submission.missionId });
      const changes = { status: 'APPROVED' as const, reviewedBy: reviewer, reviewedAt: now };
      await manager.update(MissionSubmissionEntity, { id: submission.id }, changes);
      if (mission.bountyMinor !== null) {
        // A bounty is a commission like any other (CommissionEarned, source MISSION_BOUNTY); its
        // points reach the leaderboard with that event, so they are not credited here too.
        await this.commissions.earnBounty(
          manager,
          { ambassadorId: submission.ambassadorId, campaignId: mission.campaignId, missionSubmissionId: submission.id, amountMinor: mission.bountyMinor, points: mission.points },
          now,
        );
      } else if (mission.points > 0) {
        await this.leaderboards.credit(manager, {
          id: submission.id,
          kind: 'MISSION',
          commissionId: null,
          campaignId: mission.campaignId,
          programId: mission.programId,
          ambassadorId: submission.ambassadorId,
          points: mission.points,
          salesMinor: 0,
          at: now,
        });
      }
      return Object.assign(submission, changes);
    });
  }

  async reject(submissionId: string, reason: string, reviewer: string, now = new Date()): Promise<MissionSubmissionEntity> {
    const trimmed = reason.trim();
    if (trimmed.length === 0 || trimmed.length > MISSION_LIMITS.reasonMax) {
      throw new MissionException(MissionErrorCode.INVALID_INPUT, `reason: the ambassador is told why: 1 to ${MISSION_LIMITS.reasonMax} characters`, { field: 'reason' });
    }
    return this.dataSource.transaction(async (manager) => {
      const submission = await this.lockSubmission(manager, submissionId);
      if (reviewOutcome(submission.status, 'REJECTED') !== 'APPLY') throw this.decided(submission);
      const changes = { status: 'REJECTED' as const, rejectionReason: trimmed, reviewedBy: reviewer, reviewedAt: now };
      await manager.update(MissionSubmissionEntity, { id: submission.id }, changes);
      return Object.assign(submission, changes);
    });
  }

  async submission(id: string): Promise<MissionSubmissionEntity> {
    const submission = isUuid(id) ? await this.dataSource.manager.findOneBy(MissionSubmissionEntity, { id }) : null;
    if (!submission) throw new MissionException(MissionErrorCode.NOT_FOUND, `id: submission ${id} does not exist`, { field: 'id' });
    return submission;
  }

  /** Submissions newest first. */
  async submissions(filter: SubmissionFilter, first: number): Promise<MissionSubmissionEntity[]> {
    for (const [field, value] of Object.entries(filter)) {
      if (field !== 'status' && value !== undefined && !isUuid(value)) {
        throw new MissionException(MissionErrorCode.INVALID_INPUT, `${field}: must be an id (a UUID)`, { field });
      }
    }
    const query = this.dataSource.manager.createQueryBuilder(MissionSubmissionEntity, 's');
    if (filter.ambassadorId) query.andWhere('s.ambassador_id = :ambassadorId', filter);
    if (filter.campaignId) query.andWhere('s.campaign_id = :campaignId', filter);
    if (filter.missionId) query.andWhere('s.mission_id = :missionId', filter);
    if (filter.status) query.andWhere('s.status = :status', filter);
    return query
      .orderBy('s.submitted_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(Math.min(Math.max(first, 1), MAX_SUBMISSION_PAGE))
      .getMany();
  }

  private async lockSubmission(manager: EntityManager, id: string): Promise<MissionSubmissionEntity> {
    const submission = isUuid(id) ? await manager.findOne(MissionSubmissionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!submission) throw new MissionException(MissionErrorCode.NOT_FOUND, `submissionId: submission ${id} does not exist`, { field: 'submissionId' });
    return submission;
  }

  private decided(submission: MissionSubmissionEntity): MissionException {
    return new MissionException(MissionErrorCode.ALREADY_DECIDED, `submissionId: the submission was already ${submission.status}`, { field: 'submissionId', status: submission.status });
  }

  private async campaign(manager: EntityManager, id: string, field: string): Promise<CampaignEntity> {
    const campaign = isUuid(id) ? await manager.findOneBy(CampaignEntity, { id }) : null;
    if (!campaign) throw new MissionException(MissionErrorCode.UNKNOWN_CAMPAIGN, `${field}: campaign ${id} does not exist`, { field });
    return campaign;
  }
}
