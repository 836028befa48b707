import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CommissionEarnedPayload, CommissionHoldChangedPayload, CommissionReleased, CommissionReversedPayload } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { commissionEarned, commissionReleased, commissionReversed, CommissionStage } from '../ledger/ledger';
import { LedgerService, postingDescriptions } from '../ledger/ledger.service';
import { remainingOf, reversalOf } from './commission-rules';

interface CommissionRow {
  id: string;
  ambassador_id: string;
  program_id: string;
  currency: string;
  amount_minor: string;
  reversed_minor: string;
  stage: CommissionStage;
  held: boolean;
  hold_until: Date;
  payout_id: string | null;
}

/**
 * Campaigns' commission facts into the ledger: earned (pending), reversed (from where
 * the money is, or a clawback owed), fraud holds; and the hold-release job. Each handler
 * is idempotent by business key (commission id, reversal id) beside the consumer's inbox.
 */
@Injectable()
export class CommissionService {
  private readonly logger = new Logger(CommissionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly outbox: Outbox,
  ) {}

  /** Books many earnings in one go (the consumer hands over runs of them). */
  async earned(manager: EntityManager, commissions: CommissionEarnedPayload[]): Promise<number> {
    if (commissions.length === 0) return 0;
    const inserted: Array<{ id: string }> = await manager.query(
      // Held at least the program's hold days (its guarantee window), whatever campaigns said.
      `INSERT INTO commissions (id, ambassador_id, program_id, campaign_id, source, order_id, amount_minor, currency, earned_at, hold_until)
       SELECT c.id, c.ambassador_id, c.program_id, c.campaign_id, c.source, c.order_id, c.amount_minor, c.currency, c.earned_at,
              greatest(c.hold_until, c.earned_at + coalesce(p.hold_days, 0) * interval '1 day')
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::bigint[], $8::char(3)[], $9::timestamptz[], $10::timestamptz[])
              AS c(id, ambassador_id, program_id, campaign_id, source, order_id, amount_minor, currency, earned_at, hold_until)
         LEFT JOIN programs p ON p.id = c.program_id
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        commissions.map((c) => c.commissionId),
        commissions.map((c) => c.ambassadorId),
        commissions.map((c) => c.programId),
        commissions.map((c) => c.campaignId),
        commissions.map((c) => c.source),
        commissions.map((c) => c.orderId ?? null),
        commissions.map((c) => c.amountMinor),
        commissions.map((c) => c.currency),
        commissions.map((c) => c.earnedAt),
        commissions.map((c) => c.holdUntil),
      ],
    );
    const fresh = new Set(inserted.map((r) => r.id));
    // The same commission in a new envelope (or twice in one batch) is booked once.
    const seen = new Set<string>();
    const toBook = commissions.filter((c) => fresh.has(c.commissionId) && !seen.has(c.commissionId) && seen.add(c.commissionId));
    if (toBook.length === 0) return 0;
    const ids = toBook.map((c) => c.commissionId);
    // Facts that arrived before the earning take effect now. Read before posting, so the
    // hot platform balance row (locked by the posting) is held only to the end.
    await manager.query(
      `UPDATE commissions c SET held = h.held, hold_reason = h.reason, hold_changed_at = h.changed_at
         FROM commission_hold_changes h WHERE h.commission_id = c.id AND c.id = ANY($1::uuid[])`,
      [ids],
    );
    const waiting: Array<{ reversal_id: string; commission_id: string }> = await manager.query(
      'SELECT reversal_id, commission_id FROM commission_reversals WHERE commission_id = ANY($1::uuid[]) AND applied_at IS NULL ORDER BY reversed_at, reversal_id',
      [ids],
    );
    await this.ledger.post(
      manager,
      toBook.map((c) => ({
        posting: commissionEarned(c, BigInt(c.amountMinor)),
        commissionId: c.commissionId,
        description: postingDescriptions.COMMISSION_EARNED,
      })),
    );
    for (const reversal of waiting) await this.applyReversal(manager, reversal.reversal_id);
    return toBook.length;
  }

  /** A reversal, once by its reversalId; one that comes before its earning waits for it. */
  async reversed(manager: EntityManager, reversal: CommissionReversedPayload): Promise<void> {
    const [fresh] = await manager.query(
      `INSERT INTO commission_reversals (reversal_id, commission_id, ambassador_id, cause, requested_minor, currency, reason, reversed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (reversal_id) DO NOTHING RETURNING reversal_id`,
      [reversal.reversalId, reversal.commissionId, reversal.ambassadorId, reversal.cause, reversal.amountMinor, reversal.currency, reversal.reason, reversal.reversedAt],
    );
    if (!fresh) return;
    await this.applyReversal(manager, reversal.reversalId);
  }

  private async applyReversal(manager: EntityManager, reversalId: string): Promise<void> {
    const [reversal] = await manager.query(
      'SELECT commission_id, requested_minor::text AS requested, currency FROM commission_reversals WHERE reversal_id = $1 AND applied_at IS NULL',
      [reversalId],
    );
    if (!reversal) return;
    const [row]: CommissionRow[] = await manager.query('SELECT * FROM commissions WHERE id = $1 FOR UPDATE', [reversal.commission_id]);
    if (!row) return;
    // Money in a payout being sent has left available: from there on it is a clawback.
    const stage: CommissionStage = row.payout_id ? 'PAID' : row.stage;
    // Minor units of another currency are not this commission's money: nothing is taken, all is refused.
    const sameCurrency = reversal.currency === row.currency;
    const applied = sameCurrency
      ? reversalOf({ amountMinor: BigInt(row.amount_minor), reversedMinor: BigInt(row.reversed_minor), stage, held: row.held, holdUntil: row.hold_until }, BigInt(reversal.requested))
      : { stage, amountMinor: 0n, refusedMinor: BigInt(reversal.requested) };
    if (!sameCurrency) {
      this.logger.warn(`reversal ${reversalId} is in ${reversal.currency}, commission ${row.id} in ${row.currency}: refused`);
    } else if (applied.refusedMinor > 0n) {
      this.logger.warn(`reversal ${reversalId} asks ${reversal.requested} of commission ${row.id}; only ${applied.amountMinor} was left`);
    }
    if (applied.amountMinor > 0n) {
      await this.ledger.post(manager, [
        {
          posting: commissionReversed({ commissionId: row.id, ambassadorId: row.ambassador_id, currency: row.currency }, reversalId, applied.stage, applied.amountMinor),
          commissionId: row.id,
          description: applied.stage === 'PAID' ? 'commission reversed after payment: clawback owed' : postingDescriptions.COMMISSION_REVERSED,
        },
      ]);
      await manager.query('UPDATE commissions SET reversed_minor = reversed_minor + $2 WHERE id = $1', [row.id, applied.amountMinor.toString()]);
    }
    await manager.query(
      'UPDATE commission_reversals SET applied_minor = $2, refused_minor = $3, stage = $4, applied_at = now() WHERE reversal_id = $1',
      [reversalId, applied.amountMinor.toString(), applied.refusedMinor.toString(), applied.stage],
    );
  }

  /** A fraud hold put on or lifted; the latest change (by changedAt) wins, whatever the order of arrival. */
  async holdChanged(manager: EntityManager, change: CommissionHoldChangedPayload): Promise<void> {
    await manager.query(
      `INSERT INTO commission_hold_changes (commission_id, held, reason, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (commission_id) DO UPDATE SET held = EXCLUDED.held, reason = EXCLUDED.reason, changed_at = EXCLUDED.changed_at
       WHERE commission_hold_changes.changed_at < EXCLUDED.changed_at`,
      [change.commissionId, change.held, change.reason, change.changedAt],
    );
    await manager.query(
      `UPDATE commissions SET held = $2, hold_reason = $3, hold_changed_at = $4
        WHERE id = $1 AND (hold_changed_at IS NULL OR hold_changed_at < $4)`,
      [change.commissionId, change.held, change.reason, change.changedAt],
    );
  }

  /**
   * Moves commissions whose hold passed to available, in batches. Safe with many
   * replicas: rows are claimed with FOR UPDATE SKIP LOCKED and the stage is checked under
   * the lock, and the ledger reference `release:<id>` is written once. Returns how many moved.
   */
  async releaseDue(now: Date = new Date(), batchSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.dataSource.transaction(async (manager) => {
        const due: CommissionRow[] = await manager.query(
          `SELECT * FROM commissions WHERE stage = 'PENDING' AND NOT held AND hold_until <= $1
            ORDER BY hold_until, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, batchSize],
        );
        if (due.length === 0) return 0;
        await this.ledger.post(
          manager,
          due
            .filter((c) => remainingOf({ amountMinor: BigInt(c.amount_minor), reversedMinor: BigInt(c.reversed_minor) }) > 0n)
            .map((c) => ({
              posting: commissionReleased({ commissionId: c.id, ambassadorId: c.ambassador_id, currency: c.currency }, BigInt(c.amount_minor) - BigInt(c.reversed_minor)),
              commissionId: c.id,
              description: postingDescriptions.COMMISSION_RELEASED,
            })),
        );
        await manager.query(`UPDATE commissions SET stage = 'AVAILABLE', released_at = $2 WHERE id = ANY($1::uuid[])`, [due.map((c) => c.id), now]);
        await this.outbox.appendAll(
          manager,
          CommissionReleased,
          due.map((c) => ({
            commissionId: c.id,
            ambassadorId: c.ambassador_id,
            programId: c.program_id,
            amountMinor: Number(BigInt(c.amount_minor) - BigInt(c.reversed_minor)),
            currency: c.currency,
            releasedAt: now.toISOString(),
          })),
        );
        return due.length;
      });
      total += moved;
      if (moved < batchSize) return total;
    }
  }
}
