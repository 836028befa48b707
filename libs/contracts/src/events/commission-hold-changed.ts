import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { timestamp, uuid } from '../fields';
import { Topics } from '../topics';

/**
 * A fraud flag put a commission on hold (held: true) or ops cleared it (held: false).
 * Payouts never releases or pays a held commission; a voided one is a CommissionReversed.
 */
export const commissionHoldChangedPayload = z.object({
  commissionId: uuid,
  ambassadorId: uuid,
  programId: uuid,
  held: z.boolean(),
  reason: z.string().min(1).max(500),
  changedAt: timestamp,
});

export type CommissionHoldChangedPayload = z.infer<typeof commissionHoldChangedPayload>;

export const CommissionHoldChanged = defineEvent<CommissionHoldChangedPayload>({
  type: 'CommissionHoldChanged',
  version: 1,
  topic: Topics.campaignsCommissions,
  payload: commissionHoldChangedPayload,
  key: (payload) => payload.ambassadorId,
});
