import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { currencyCode, minorUnits, timestamp, uuid } from '../fields';
import { Topics } from '../topics';

/** Payouts moved a commission from pending to available: its hold passed. */
export const commissionReleasedPayload = z.object({
  commissionId: uuid,
  ambassadorId: uuid,
  programId: uuid,
  amountMinor: minorUnits,
  currency: currencyCode,
  releasedAt: timestamp,
});

export type CommissionReleasedPayload = z.infer<typeof commissionReleasedPayload>;

export const CommissionReleased = defineEvent<CommissionReleasedPayload>({
  type: 'CommissionReleased',
  version: 1,
  topic: Topics.payoutsCommissions,
  payload: commissionReleasedPayload,
  key: (payload) => payload.ambassadorId,
});
