import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashEmail, isUuid } from '@streetteam/contracts';
import { GuaranteeClaimEntity } from '../claims/claim.entity';
import { recordOnTimeline } from '../claims/claim-timeline';
import { AgentMeasures, agentMeasures } from './agent-measures';
import { AbuseReportEntity } from './abuse-report.entity';
import { FrontLineErrorCode, FrontLineException } from './front-line.exception';

export const abuseCategories = ['VERBAL_ABUSE', 'THREATS', 'HARASSMENT', 'FRAUD_ATTEMPT', 'OTHER'] as const;
export type AbuseCategory = (typeof abuseCategories)[number];

export interface AbuseReportInput {
  claimId?: string | null;
  customerEmail?: string | null;
  category: AbuseCategory;
  notes: string;
  endedInteraction: boolean;
}

@Injectable()
export class FrontLineService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An agent records abuse (and may have ended the interaction); later claims of that customer may go to a supervisor. */
  async fileAbuseReport(input: AbuseReportInput, agent: string, now = new Date()): Promise<AbuseReportEntity> {
    if (!input.claimId && !input.customerEmail) throw new FrontLineException(FrontLineErrorCode.INVALID_INPUT, 'claimId: name the claim or the customerEmail the report is about');
    return this.dataSource.transaction(async (manager) => {
      let claim: GuaranteeClaimEntity | null = null;
      if (input.claimId) {
        claim = isUuid(input.claimId) ? await manager.findOneBy(GuaranteeClaimEntity, { id: input.claimId }) : null;
        if (!claim) throw new FrontLineException(FrontLineErrorCode.CLAIM_NOT_FOUND, `claimId: no claim ${input.claimId}`);
      }
      const customerEmailHash = input.customerEmail ? hashEmail(input.customerEmail) : (claim as GuaranteeClaimEntity).customerEmailHash;
      if (claim && customerEmailHash !== claim.customerEmailHash) throw new FrontLineException(FrontLineErrorCode.INVALID_INPUT, 'customerEmail: is not the email of this claim');
      const report: AbuseReportEntity = {
        id: randomUUID(),
        programId: claim?.programId ?? null,
        claimId: claim?.id ?? null,
        customerEmailHash,
        category: input.category,
        notes: input.notes.trim(),
        endedInteraction: input.endedInteraction,
        filedBy: agent,
        createdAt: now,
      };
      await manager.insert(AbuseReportEntity, report);
      if (claim) await recordOnTimeline(manager, claim.id, agent, 'ABUSE_REPORTED', `${input.category}${input.endedInteraction ? '; interaction ended' : ''}`, now);
      return report;
    });
  }

  async abuseReports(filter: { claimId?: string; customerEmail?: string }, limit = 100): Promise<AbuseReportEntity[]> {
    const query = this.dataSource.getRepository(AbuseReportEntity).createQueryBuilder('a').orderBy('a.created_at', 'DESC').limit(limit);
    if (filter.claimId) {
      if (!isUuid(filter.claimId)) throw new FrontLineException(FrontLineErrorCode.INVALID_INPUT, 'claimId: must be a UUID');
      query.andWhere('a.claim_id = :claimId', { claimId: filter.claimId });
    }
    if (filter.customerEmail) query.andWhere('a.customer_email_hash = :hash', { hash: hashEmail(filter.customerEmail) });
    return query.getMany();
  }

  /** One agent's measures over claims opened in [from, to), beside their customers' ratings. */
  async dashboard(agent: string, from: Date, to: Date, now = new Date()): Promise<AgentMeasures> {
    if (!(from < to)) throw new FrontLineException(FrontLineErrorCode.INVALID_INPUT, 'to: must be after from');
    const rows: Array<{ created_at: Date; resolved_at: Date | null; decided_at: Date | null; status: string; sla_due_at: Date | null; satisfaction: number | null; reported: boolean }> =
      await this.dataSource.query(
        `SELECT c.created_at, c.resolved_at, c.decided_at, c.status, c.sla_due_at, f.satisfaction,
                EXISTS (SELECT 1 FROM abuse_reports a WHERE a.claim_id = c.id OR (a.filed_by = $1 AND a.customer_email_hash = c.customer_email_hash)) AS reported
           FROM guarantee_claims c LEFT JOIN follow_ups f ON f.claim_id = c.id
          WHERE c.handled_by = $1 AND c.created_at >= $2 AND c.created_at < $3`,
        [agent, from, to],
      );
    const [{ filed }]: Array<{ filed: number }> = await this.dataSource.query(`SELECT count(*)::int AS filed FROM abuse_reports WHERE filed_by = $1 AND created_at >= $2 AND created_at < $3`, [agent, from, to]);
    return agentMeasures(
      rows.map((r) => ({
        createdAt: r.created_at,
        finishedAt: r.resolved_at ?? (r.status === 'DECLINED' ? r.decided_at : null),
        slaDueAt: r.sla_due_at,
        decidedAt: r.decided_at,
        satisfaction: r.satisfaction,
        customerReported: r.reported,
      })),
      filed,
      now,
    );
  }
}
