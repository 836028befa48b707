import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommissionEarnedPayload, CommissionReversedPayload } from '@streetteam/contracts';
import { AmbassadorEntity } from '../ambassadors/ambassador.entity';
import { TierProgress } from './tier-rules';
import { TierService } from './tier.service';

/** Tiers are judged on what was sold in the trailing 90 days. */
export const PROGRESS_WINDOW_DAYS = 90;

/**
 * Keeps one row per commission and turns campaigns' earnings and reversals into tier
 * progress. Redeliveries are stopped by the consumer's inbox; the per-commission row
 * also makes a second earning of the same commission count once.
 */
@Injectable()
export class CommissionProgressService {
  constructor(private readonly tiers: TierService) {}

  async earned(manager: EntityManager, commission: CommissionEarnedPayload, now = new Date()): Promise<void> {
    await manager.query(
      `INSERT INTO commission_progress (commission_id, ambassador_id, program_id, earned, sale_minor, points, earned_at)
       VALUES ($1, $2, $3, true, $4, $5, $6)
       ON CONFLICT (commission_id) DO UPDATE SET earned = true, sale_minor = EXCLUDED.sale_minor, points = EXCLUDED.points, earned_at = EXCLUDED.earned_at
       WHERE NOT commission_progress.earned`,
      [commission.commissionId, commission.ambassadorId, commission.programId, commission.saleAmountMinor, commission.points, commission.earnedAt],
    );
    await this.reassess(manager, commission.ambassadorId, now);
  }

  async reversed(manager: EntityManager, reversal: CommissionReversedPayload, now = new Date()): Promise<void> {
    const fresh: unknown[] = await manager.query(
      'INSERT INTO commission_progress_reversals (reversal_id, commission_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING reversal_id',
      [reversal.reversalId, reversal.commissionId],
    );
    if (fresh.length === 0) return;
    // A reversal seen before its earning is kept; it takes effect when the earning lands.
    await manager.query(
      `INSERT INTO commission_progress (commission_id, ambassador_id, program_id, reversed_sale_minor, reversed_points, earned_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (commission_id) DO UPDATE SET
         reversed_sale_minor = commission_progress.reversed_sale_minor + EXCLUDED.reversed_sale_minor,
         reversed_points = commission_progress.reversed_points + EXCLUDED.reversed_points`,
      [reversal.commissionId, reversal.ambassadorId, reversal.programId, reversal.saleAmountMinor, reversal.points, reversal.reversedAt],
    );
    await this.reassess(manager, reversal.ambassadorId, now);
  }

  async progress(manager: EntityManager, ambassadorId: string, now = new Date()): Promise<TierProgress> {
    const since = new Date(now.getTime() - PROGRESS_WINDOW_DAYS * 86_400_000);
    const [row] = (await manager.query(
      `SELECT coalesce(sum(greatest(sale_minor - reversed_sale_minor, 0)), 0)::text AS sales,
              coalesce(sum(greatest(points - reversed_points, 0)), 0)::text AS points
         FROM commission_progress
        WHERE ambassador_id = $1 AND earned AND earned_at > $2`,
      [ambassadorId, since],
    )) as Array<{ sales: string; points: string }>;
    return { salesMinor: Number(row.sales), points: Number(row.points) };
  }

  private async reassess(manager: EntityManager, ambassadorId: string, now: Date): Promise<void> {
    // Campaigns may credit someone enrollment has not (yet) made an ambassador; the row waits.
    if (!(await manager.existsBy(AmbassadorEntity, { id: ambassadorId }))) return;
    await this.tiers.applyProgressWith(manager, ambassadorId, await this.progress(manager, ambassadorId, now), now);
  }
}
