import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ClaimResolvedPayload } from '@streetteam/contracts';
import { CommissionService } from './commission.service';

/**
 * A guarantee claim recovery resolved. With clawback the refunded (or credited, or
 * replaced) share of the order's commission is reversed; without, nothing is, and the
 * claim is recorded as absorbed by the brand. A claim whose Stripe refund the shop
 * already reported as a refund (reversed then) is not reversed again.
 */
@Injectable()
export class ClaimService {
  constructor(private readonly commissions: CommissionService) {}

  async resolved(manager: EntityManager, claim: ClaimResolvedPayload): Promise<void> {
    // Locked before the claim is written, so a refund of the same Stripe refund waits for this decision (takeBack).
    const [commission] = (await manager.query('SELECT id FROM commissions WHERE order_id = $1 FOR UPDATE', [claim.orderId])) as Array<{ id: string }>;
    const inserted = (await manager.query(
      `INSERT INTO guarantee_claims (resolution_id, claim_id, order_id, commission_id, clawback, resolution, reason, amount_minor, currency, stripe_refund_id, resolved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (resolution_id) DO NOTHING RETURNING resolution_id`,
      [claim.resolutionId, claim.claimId, claim.orderId, commission?.id ?? null, claim.clawback, claim.resolution, claim.reason, claim.amountMinor, claim.currency, claim.stripeRefundId ?? null, claim.resolvedAt],
    )) as unknown[];
    if (inserted.length === 0 || !claim.clawback || !commission) return;
    const reversal = await this.commissions.takeBack(manager, {
      orderId: claim.orderId,
      cause: 'GUARANTEE_CLAIM',
      causeRef: `claim:${claim.resolutionId}`,
      saleMinor: claim.amountMinor,
      stripeRefundId: claim.stripeRefundId,
      reason: `guarantee claim ${claim.claimId}: ${claim.reason}, ${claim.resolution} of ${claim.amountMinor} ${claim.currency}`,
      at: new Date(claim.resolvedAt),
    });
    if (reversal) await manager.query('UPDATE guarantee_claims SET reversal_id = $2 WHERE resolution_id = $1', [claim.resolutionId, reversal.reversalId]);
  }
}
