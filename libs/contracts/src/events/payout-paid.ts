import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { currencyCode, minorUnits, timestamp, uuid } from '../fields';
import { Topics } from '../topics';

/** A payout's Stripe transfer went out; it settles the listed commissions (a clawback owed may have been netted off). */
export const payoutPaidPayload = z.object({
  payoutId: uuid,
  payoutRunId: uuid.optional(),
  ambassadorId: uuid,
  amountMinor: minorUnits,
  currency: currencyCode,
  stripeTransferId: z.string().min(1).max(255),
  commissionIds: z.array(uuid).max(100_000),
  paidAt: timestamp,
});

export type PayoutPaidPayload = z.infer<typeof payoutPaidPayload>;

export const PayoutPaid = defineEvent<PayoutPaidPayload>({
  type: 'PayoutPaid',
  version: 1,
  topic: Topics.payoutsPayouts,
  payload: payoutPaidPayload,
  key: (payload) => payload.ambassadorId,
});
