import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderRefundedPayload } from '@streetteam/contracts';
import { CommissionService } from '../commissions/commission.service';

/** A refund from the shop: stored once by its id, then the order's commission reversed in proportion. */
@Injectable()
export class RefundService {
  constructor(private readonly commissions: CommissionService) {}

  async handle(manager: EntityManager, refunds: OrderRefundedPayload[]): Promise<void> {
    for (const refund of refunds) {
      const inserted = (await manager.query(
        `INSERT INTO refunds (refund_id, order_id, amount_minor, currency, stripe_refund_id, reason, refunded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (refund_id) DO NOTHING RETURNING refund_id`,
        [refund.refundId, refund.orderId, refund.amountMinor, refund.currency, refund.stripeRefundId ?? null, refund.reason ?? null, refund.refundedAt],
      )) as unknown[];
      if (inserted.length === 0) continue;
      // The shop reporting the refund a guarantee claim already made through Stripe changes nothing: takeBack knows.
      await this.commissions.takeBack(manager, {
        orderId: refund.orderId,
        cause: 'REFUND',
        causeRef: `refund:${refund.refundId}`,
        saleMinor: refund.amountMinor,
        stripeRefundId: refund.stripeRefundId,
        reason: `refund ${refund.refundId} of ${refund.amountMinor} ${refund.currency}${refund.reason ? `: ${refund.reason}` : ''}`,
        at: new Date(refund.refundedAt),
      });
    }
  }
}
