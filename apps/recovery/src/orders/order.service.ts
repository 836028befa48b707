import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderAttributedPayload, OrderPlacedPayload, OrderRefundedPayload } from '@streetteam/contracts';
import { FollowUpService } from '../follow-ups/follow-up.service';
import { OrderAttributionEntity, OrderEntity, OrderRefundEntity } from './order.entity';

/**
 * Keeps the shop's orders, refunds and campaigns' attributions. Each is inserted once by
 * its business key (order id, refund id), so the same fact in a new envelope changes nothing.
 */
@Injectable()
export class OrderService {
  constructor(private readonly followUps: FollowUpService) {}

  async orderPlaced(manager: EntityManager, order: OrderPlacedPayload): Promise<void> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(OrderEntity)
      .values({
        orderId: order.orderId,
        programId: order.programId,
        customerId: order.customerId,
        customerEmailHash: order.customerEmailHash,
        amountMinor: order.amountMinor,
        currency: order.currency,
        items: order.items,
        stripePaymentIntentId: order.stripePaymentIntentId ?? null,
        placedAt: new Date(order.placedAt),
      })
      .orIgnore()
      .returning(['order_id'])
      .execute();
    if (inserted.raw.length === 0) return;
    // A new order soon after a resolution: the customer came back.
    await this.followUps.orderPlaced(manager, { orderId: order.orderId, programId: order.programId, customerId: order.customerId, customerEmailHash: order.customerEmailHash, placedAt: new Date(order.placedAt) });
  }

  async orderRefunded(manager: EntityManager, refund: OrderRefundedPayload): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OrderRefundEntity)
      .values({
        refundId: refund.refundId,
        orderId: refund.orderId,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        stripeRefundId: refund.stripeRefundId ?? null,
        refundedAt: new Date(refund.refundedAt),
      })
      .orIgnore()
      .execute();
  }

  async orderAttributed(manager: EntityManager, attribution: OrderAttributedPayload): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OrderAttributionEntity)
      .values({
        orderId: attribution.orderId,
        conversionId: attribution.conversionId,
        campaignId: attribution.campaignId,
        ambassadorId: attribution.ambassadorId,
        attributedAt: new Date(attribution.attributedAt),
      })
      .orIgnore()
      .execute();
  }
}
