import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Campaigns took back (part of) a commission, e.g. on a refund; tier progress drops with it. */
export const commissionReversedPayload = z.object({
  commissionId: z.string().uuid(),
  ambassadorId: z.string().uuid(),
  programId: z.string().uuid(),
  /** What is taken back, in integer minor units of `currency`. */
  amountMinor: minor,
  saleAmountMinor: minor,
  points: minor,
  currency: z.string().regex(/^[A-Z]{3}$/),
  reason: z.string().min(1).max(500),
  reversedAt: z.string().datetime({ offset: true }),
});

export type CommissionReversedPayload = z.infer<typeof commissionReversedPayload>;

export const CommissionReversed = defineEvent<CommissionReversedPayload>({
  type: 'CommissionReversed',
  version: 1,
  topic: Topics.campaignsCommissions,
  payload: commissionReversedPayload,
  key: (payload) => payload.ambassadorId,
});
