import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CustomerRecovered, FollowUpRequested, isUuid } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { returning } from '@streetteam/persistence';
import { hashToken, looksLikeToken, newToken } from '../claims/access-token';
import { CUSTOMER_ACTOR, recordOnTimeline, SYSTEM_ACTOR } from '../claims/claim-timeline';
import { followUpDueAt, isPositive, RecoveryRate, recoveryRate } from './follow-up-rules';
import { FollowUpEntity, RecoveredBy } from './follow-up.entity';
import { FollowUpErrorCode, FollowUpException } from './follow-up.exception';

export interface PlacedOrder {
  orderId: string;
  programId: string;
  customerId: string;
  customerEmailHash: string;
  placedAt: Date;
}

@Injectable()
export class FollowUpService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Schedules the survey of a resolved claim, in the resolution's transaction. */
  async schedule(manager: EntityManager, claim: { id: string; programId: string }, resolvedAt: Date, delayHours: number): Promise<void> {
    await manager.query(`INSERT INTO follow_ups (id, claim_id, program_id, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT (claim_id) DO NOTHING`, [
      randomUUID(),
      claim.id,
      claim.programId,
      followUpDueAt(resolvedAt, delayHours),
    ]);
  }

  /**
   * Asks the mailer to send every survey that is due, once: rows are taken with SKIP
   * LOCKED, so replicas share the work, and marked sent with their event in one transaction.
   */
  async requestDue(now = new Date(), limit = 100): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due: Array<{ id: string; claim_id: string; program_id: string; customer_email: string }> = await manager.query(
        `SELECT f.id, f.claim_id, f.program_id, c.customer_email
           FROM follow_ups f JOIN guarantee_claims c ON c.id = f.claim_id
          WHERE f.requested_at IS NULL AND f.due_at <= $1
          ORDER BY f.due_at LIMIT $2
          FOR UPDATE OF f SKIP LOCKED`,
        [now, limit],
      );
      for (const row of due) {
        const surveyToken = newToken();
        await manager.query(`UPDATE follow_ups SET requested_at = $2, survey_token_hash = $3 WHERE id = $1`, [row.id, now, hashToken(surveyToken)]);
        await this.outbox.append(manager, FollowUpRequested, {
          followUpId: row.id,
          claimId: row.claim_id,
          programId: row.program_id,
          email: row.customer_email,
          surveyToken,
          sendAt: now.toISOString(),
        });
        await recordOnTimeline(manager, row.claim_id, SYSTEM_ACTOR, 'FOLLOW_UP_SENT', null, now);
      }
      return due.length;
    });
  }

  /** The customer answers the survey with the token from its link; a positive answer counts as recovered. */
  async answer(surveyToken: string, satisfaction: number, comment: string | null, now = new Date()): Promise<FollowUpEntity> {
    if (!looksLikeToken(surveyToken)) throw this.notFound();
    return this.dataSource.transaction(async (manager) => {
      const followUp = await manager.findOne(FollowUpEntity, { where: { surveyTokenHash: hashToken(surveyToken) }, lock: { mode: 'pessimistic_write' } });
      if (!followUp) throw this.notFound();
      if (followUp.answeredAt) throw new FollowUpException(FollowUpErrorCode.ALREADY_ANSWERED, 'surveyToken: this survey was already answered');
      await manager.update(FollowUpEntity, { id: followUp.id }, { answeredAt: now, satisfaction, comment });
      await recordOnTimeline(manager, followUp.claimId, CUSTOMER_ACTOR, 'FOLLOW_UP_ANSWERED', `satisfaction ${satisfaction}/5`, now);
      if (isPositive(satisfaction)) await this.markRecovered(manager, followUp.id, 'SURVEY', null, now);
      return (await manager.findOneByOrFail(FollowUpEntity, { id: followUp.id }));
    });
  }

  /** A new order by a customer whose claim was resolved within the re-order window: they came back. */
  async orderPlaced(manager: EntityManager, order: PlacedOrder): Promise<void> {
    const returning: Array<{ id: string }> = await manager.query(
      `SELECT f.id
         FROM follow_ups f
         JOIN guarantee_claims c ON c.id = f.claim_id
         JOIN programs p ON p.id = c.program_id
        WHERE c.program_id = $1 AND (c.customer_email_hash = $2 OR c.customer_id = $3)
          AND c.order_id <> $4 AND c.status = 'RESOLVED' AND f.recovered_at IS NULL
          AND c.resolved_at <= $5 AND $5 <= c.resolved_at + p.reorder_window_days * interval '1 day'
        ORDER BY c.resolved_at
        FOR UPDATE OF f`,
      [order.programId, order.customerEmailHash, order.customerId, order.orderId, order.placedAt],
    );
    for (const { id } of returning) await this.markRecovered(manager, id, 'REORDER', order.orderId, new Date());
  }

  /** CustomerRecovered once per claim, whatever wins the customer back first. */
  private async markRecovered(manager: EntityManager, followUpId: string, by: RecoveredBy, orderId: string | null, now: Date): Promise<void> {
    const marked = await returning<{ claim_id: string; program_id: string; customer_id: string; customer_email: string }>(
      manager,
      `UPDATE follow_ups f SET recovered_at = $2, recovered_by = $3, recovered_order_id = $4
         FROM guarantee_claims c
        WHERE f.id = $1 AND f.recovered_at IS NULL AND c.id = f.claim_id
        RETURNING f.claim_id, f.program_id, c.customer_id, c.customer_email`,
      [followUpId, now, by, orderId],
    );
    if (marked.length === 0) return;
    const [row] = marked;
    await this.outbox.append(manager, CustomerRecovered, {
      claimId: row.claim_id,
      programId: row.program_id,
      customerId: row.customer_id,
      email: row.customer_email,
      recoveredAt: now.toISOString(),
    });
    await recordOnTimeline(manager, row.claim_id, SYSTEM_ACTOR, 'CUSTOMER_RECOVERED', by === 'SURVEY' ? 'positive follow-up' : `new order ${orderId}`, now);
  }

  /** Claims of a program resolved in [from, to), and how many of those customers were won back. */
  async recoveryRate(programId: string, from: Date, to: Date): Promise<RecoveryRate> {
    if (!isUuid(programId)) throw new FollowUpException(FollowUpErrorCode.INVALID_PERIOD, "programId: must be a UUID");
    if (!(from < to)) throw new FollowUpException(FollowUpErrorCode.INVALID_PERIOD, 'to: must be after from');
    const [row]: Array<{ resolved: string; recovered: string }> = await this.dataSource.query(
      `SELECT count(*) AS resolved, count(f.recovered_at) AS recovered
         FROM guarantee_claims c LEFT JOIN follow_ups f ON f.claim_id = c.id
        WHERE c.program_id = $1 AND c.status = 'RESOLVED' AND c.resolved_at >= $2 AND c.resolved_at < $3`,
      [programId, from, to],
    );
    return recoveryRate(Number(row.resolved), Number(row.recovered));
  }

  findByClaim(claimId: string): Promise<FollowUpEntity | null> {
    return this.dataSource.getRepository(FollowUpEntity).findOneBy({ claimId });
  }

  private notFound(): FollowUpException {
    return new FollowUpException(FollowUpErrorCode.NOT_FOUND, 'surveyToken: no follow-up has this survey token');
  }
}
