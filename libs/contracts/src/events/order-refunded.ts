import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { currencyCode, minorUnits, orderId, timestamp } from '../fields';
import { Topics } from '../topics';

/** The shop refunded (part of) an order; refunds of one order add up, never past its amount. */
export const orderRefundedPayload = z.object({
  /** The shop's id of this refund: the same refund sent twice is one refund. */
  refundId: z.string().min(1).max(200),
  orderId,
  amountMinor: minorUnits.refine((n) => n > 0, 'must be more than 0'),
  currency: currencyCode,
  /** Set when the refund is one a guarantee claim already made through Stripe (never reversed twice). */
  stripeRefundId: z.string().min(1).max(255).optional(),
  reason: z.string().max(500).optional(),
  refundedAt: timestamp,
});

export type OrderRefundedPayload = z.infer<typeof orderRefundedPayload>;

export const OrderRefunded = defineEvent<OrderRefundedPayload>({
  type: 'OrderRefunded',
  version: 1,
  topic: Topics.shopOrders,
  payload: orderRefundedPayload,
  key: (payload) => payload.orderId,
});
