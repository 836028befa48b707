import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Campaigns credited an ambassador for an attributed order; enrollment counts it toward tiers. */
export const commissionEarnedPayload = z.object({
  commissionId: z.string().uuid(),
  ambassadorId: z.string().uuid(),
  programId: z.string().uuid(),
  campaignId: z.string().uuid(),
  orderId: z.string().min(1).max(200),
  /** The commission, in integer minor units of `currency`. */
  amountMinor: minor,
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** The attributed sale, in integer minor units of `currency`. */
  saleAmountMinor: minor,
  points: minor,
  earnedAt: z.string().datetime({ offset: true }),
  /** Payable only after this: the program's guarantee window. */
  holdUntil: z.string().datetime({ offset: true }),
});

export type CommissionEarnedPayload = z.infer<typeof commissionEarnedPayload>;

export const CommissionEarned = defineEvent<CommissionEarnedPayload>({
  type: 'CommissionEarned',
  version: 1,
  topic: Topics.campaignsCommissions,
  payload: commissionEarnedPayload,
  key: (payload) => payload.ambassadorId,
});
