import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { currencyCode, emailHash, minorUnits, orderId, timestamp, uuid } from '../fields';
import { Topics } from '../topics';

export const orderItem = z.object({
  sku: z.string().min(1).max(100),
  quantity: z.number().int().min(1).max(10_000),
  unitAmountMinor: minorUnits,
});

/**
 * The brand's shop took an order (through POST /ingest/orders, or straight onto the
 * topic). Campaigns attributes it; recovery keeps it so a claim can be checked against it.
 */
export const orderPlacedPayload = z.object({
  orderId,
  /** The program the shop sells under. */
  programId: uuid,
  customerId: z.string().min(1).max(200),
  customerEmailHash: emailHash,
  /** Net of discounts, taxes and shipping: what commissions are computed on. */
  amountMinor: minorUnits,
  currency: currencyCode,
  items: z.array(orderItem).min(1).max(500),
  discountCode: z.string().min(1).max(64).optional(),
  clickId: uuid.optional(),
  /** The card's fingerprint, for fraud rules (many orders, one card). */
  paymentFingerprint: z.string().min(1).max(200).optional(),
  /** Where a refund to the original payment goes (Stripe). */
  stripePaymentIntentId: z.string().min(1).max(255).optional(),
  placedAt: timestamp,
});

export type OrderItem = z.infer<typeof orderItem>;
export type OrderPlacedPayload = z.infer<typeof orderPlacedPayload>;

export const OrderPlaced = defineEvent<OrderPlacedPayload>({
  type: 'OrderPlaced',
  version: 1,
  topic: Topics.shopOrders,
  payload: orderPlacedPayload,
  key: (payload) => payload.orderId,
});
