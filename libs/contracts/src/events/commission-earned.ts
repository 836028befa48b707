import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { currencyCode, minorUnits, orderId, timestamp, uuid } from '../fields';
import { Topics } from '../topics';

/** What a commission pays for: an attributed order (or a referred customer's recurring one), a lead, or an approved mission's bounty. */
export const commissionSources = ['ORDER', 'RECURRING_ORDER', 'LEAD', 'MISSION_BOUNTY'] as const;
export type CommissionSource = (typeof commissionSources)[number];

/** Campaigns credited an ambassador; payouts books it as pending, enrollment counts it toward tiers. */
export const commissionEarnedPayload = z.object({
  commissionId: uuid,
  ambassadorId: uuid,
  programId: uuid,
  campaignId: uuid,
  source: z.enum(commissionSources),
  /** The order it pays for; absent for a lead or a mission bounty. */
  orderId: orderId.optional(),
  /** The lead it pays for (source LEAD). */
  leadId: orderId.optional(),
  missionSubmissionId: uuid.optional(),
  /** The commission, in integer minor units of `currency`. */
  amountMinor: minorUnits,
  currency: currencyCode,
  /** The attributed sale, in integer minor units of `currency` (0 for a lead or a bounty). */
  saleAmountMinor: minorUnits,
  points: minorUnits,
  earnedAt: timestamp,
  /** Payable only after this: the program's guarantee window. */
  holdUntil: timestamp,
});

export type CommissionEarnedPayload = z.infer<typeof commissionEarnedPayload>;

export const CommissionEarned = defineEvent<CommissionEarnedPayload>({
  type: 'CommissionEarned',
  version: 1,
  topic: Topics.campaignsCommissions,
  payload: commissionEarnedPayload,
  key: (payload) => payload.ambassadorId,
});
