import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { currencyCode, minorUnits, orderId, timestamp, uuid } from '../fields';
import { Topics } from '../topics';

/** Campaigns credited an order to an ambassador (once per order, whatever is redelivered). */
export const orderAttributedPayload = z.object({
  conversionId: uuid,
  orderId,
  programId: uuid,
  campaignId: uuid,
  ambassadorId: uuid,
  customerId: z.string().min(1).max(200),
  /** Why: the discount code used, or the last click inside the attribution window. */
  method: z.enum(['CODE', 'CLICK', 'RECURRING']),
  amountMinor: minorUnits,
  currency: currencyCode,
  attributedAt: timestamp,
});

export type OrderAttributedPayload = z.infer<typeof orderAttributedPayload>;

export const OrderAttributed = defineEvent<OrderAttributedPayload>({
  type: 'OrderAttributed',
  version: 1,
  topic: Topics.campaignsConversions,
  payload: orderAttributedPayload,
  key: (payload) => payload.orderId,
});
