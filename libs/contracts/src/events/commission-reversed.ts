import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { currencyCode, minorUnits, timestamp, uuid } from '../fields';
import { Topics } from '../topics';

export const commissionReversalCauses = ['REFUND', 'GUARANTEE_CLAIM', 'FRAUD_VOID'] as const;
export type CommissionReversalCause = (typeof commissionReversalCauses)[number];

/**
 * Campaigns took back (part of) a commission: a refund, a guarantee claim that claws
 * back, or a fraud flag voided by ops. Reversals of one commission never add up to more
 * than it earned. Payouts reverses from pending or available, or books a clawback owed.
 */
export const commissionReversedPayload = z.object({
  /** One reversal, once: the same reversal in a new envelope is the same reversal. */
  reversalId: uuid,
  commissionId: uuid,
  ambassadorId: uuid,
  programId: uuid,
  cause: z.enum(commissionReversalCauses),
  /** What is taken back, in integer minor units of `currency`. */
  amountMinor: minorUnits,
  saleAmountMinor: minorUnits,
  points: minorUnits,
  currency: currencyCode,
  reason: z.string().min(1).max(500),
  reversedAt: timestamp,
});

export type CommissionReversedPayload = z.infer<typeof commissionReversedPayload>;

export const CommissionReversed = defineEvent<CommissionReversedPayload>({
  type: 'CommissionReversed',
  version: 1,
  topic: Topics.campaignsCommissions,
  payload: commissionReversedPayload,
  key: (payload) => payload.ambassadorId,
});
