import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ClaimResolvedPayload } from '@streetteam/contracts';
import { returning } from '@streetteam/persistence';
import { CommissionService } from './commission.service';

/** What a clawback needs of a claim: the event, or its guarantee_claims row. */
type ClawedBackClaim = Pick<ClaimResolvedPayload, 'claimId' | 'resolutionId' | 'orderId' | 'resolution' | 'reason' | 'amountMinor' | 'currency' | 'stripeRefundId' | 'resolvedAt'>;

interface ClaimRow {
  resolution_id: string;
  claim_id: string;
  order_id: string;
  clawback: boolean;
  resolution: ClaimResolvedPayload['resolution'];
  reason: ClaimResolvedPayload['reason'];
  amount_minor: string;
  currency: string;
  stripe_refund_id: string | null;
  resolved_at: Date;
}

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
    // Waits for a decision of the order in flight (one that waited for its click): then either it finds this claim or this finds its commission.
    await manager.query('SELECT 1 FROM orders WHERE order_id = $1 FOR KEY SHARE', [claim.orderId]);
    // Locked before the claim is written, so a refund of the same Stripe refund waits for this decision (takeBack).
    const [commission] = (await manager.query('SELECT id FROM commissions WHERE order_id = $1 FOR UPDATE', [claim.orderId])) as Array<{ id: string }>;
    const inserted = (await manager.query(
      `INSERT INTO guarantee_claims (resolution_id, claim_id, order_id, commission_id, clawback, resolution, reason, amount_minor, currency, stripe_refund_id, resolved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (resolution_id) DO NOTHING RETURNING resolution_id`,
      [claim.resolutionId, claim.claimId, claim.orderId, commission?.id ?? null, claim.clawback, claim.resolution, claim.reason, claim.amountMinor, claim.currency, claim.stripeRefundId ?? null, claim.resolvedAt],
    )) as unknown[];
    if (inserted.length === 0 || !claim.clawback || !commission) return;
    await this.clawBack(manager, claim);
  }

  /**
   * Ties the claims resolved before these orders' commissions existed (an order that waited
   * for its click has none while it waits) to the commissions now, and claws back those
   * with clawback, in the order they were resolved, as each would have been then.
   */
  async clawBackRecorded(manager: EntityManager, orderIds: string[]): Promise<void> {
    if (orderIds.length === 0) return;
    const claims = await returning<ClaimRow>(
      manager,
      `UPDATE guarantee_claims g SET commission_id = m.id FROM commissions m
        WHERE g.order_id = ANY($1::text[]) AND g.commission_id IS NULL AND m.order_id = g.order_id
        RETURNING g.resolution_id, g.claim_id, g.order_id, g.clawback, g.resolution, g.reason, g.amount_minor, g.currency, g.stripe_refund_id, g.resolved_at`,
      [orderIds],
    );
    claims.sort((a, b) => new Date(a.resolved_at).getTime() - new Date(b.resolved_at).getTime() || (a.resolution_id < b.resolution_id ? -1 : 1));
    for (const c of claims) {
      if (!c.clawback) continue;
      await this.clawBack(manager, {
        claimId: c.claim_id,
        resolutionId: c.resolution_id,
        orderId: c.order_id,
        resolution: c.resolution,
        reason: c.reason,
        amountMinor: Number(c.amount_minor),
        currency: c.currency,
        stripeRefundId: c.stripe_refund_id ?? undefined,
        resolvedAt: new Date(c.resolved_at).toISOString(),
      });
    }
  }

  private async clawBack(manager: EntityManager, claim: ClawedBackClaim): Promise<void> {
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
