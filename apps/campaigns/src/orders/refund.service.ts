import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderRefundedPayload } from '@streetteam/contracts';
import { CommissionService } from '../commissions/commission.service';

interface RefundRow {
  refund_id: string;
  order_id: string;
  amount_minor: string;
  currency: string;
  stripe_refund_id: string | null;
  reason: string | null;
  refunded_at: Date;
}

/** A refund from the shop: stored once by its id, then the order's commission reversed in proportion. */
@Injectable()
export class RefundService {
  constructor(private readonly commissions: CommissionService) {}

  async handle(manager: EntityManager, refunds: OrderRefundedPayload[]): Promise<void> {
    for (const refund of refunds) {
      // Waits for a decision of the order in flight (one that waited for its click): then either it finds this refund or this finds its commission.
      await manager.query('SELECT 1 FROM orders WHERE order_id = $1 FOR KEY SHARE', [refund.orderId]);
      const inserted = (await manager.query(
        `INSERT INTO refunds (refund_id, order_id, amount_minor, currency, stripe_refund_id, reason, refunded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (refund_id) DO NOTHING RETURNING refund_id`,
        [refund.refundId, refund.orderId, refund.amountMinor, refund.currency, refund.stripeRefundId ?? null, refund.reason ?? null, refund.refundedAt],
      )) as unknown[];
      if (inserted.length === 0) continue;
      await this.takeBack(manager, refund);
    }
  }

  /**
   * Takes back, once the orders' commissions exist, the refunds stored before they did (an
   * order that waited for its click has none while it waits): in the order they happened,
   * each as it would have been taken back then. One already taken back is not again (its cause).
   */
  async takeBackRecorded(manager: EntityManager, orderIds: string[]): Promise<void> {
    if (orderIds.length === 0) return;
    const rows = (await manager.query(
      'SELECT refund_id, order_id, amount_minor, currency, stripe_refund_id, reason, refunded_at FROM refunds WHERE order_id = ANY($1::text[]) ORDER BY refunded_at, refund_id',
      [orderIds],
    )) as RefundRow[];
    for (const r of rows) {
      await this.takeBack(manager, {
        refundId: r.refund_id,
        orderId: r.order_id,
        amountMinor: Number(r.amount_minor),
        currency: r.currency,
        stripeRefundId: r.stripe_refund_id ?? undefined,
        reason: r.reason ?? undefined,
        refundedAt: new Date(r.refunded_at).toISOString(),
      });
    }
  }

  private async takeBack(manager: EntityManager, refund: OrderRefundedPayload): Promise<void> {
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
