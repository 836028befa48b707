import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

/** An ambassador moved to another tier; campaigns applies the new commission multiplier from here on. */
export const ambassadorTierChangedPayload = z.object({
  ambassadorId: z.string().uuid(),
  programId: z.string().uuid(),
  /** Absent on the first tier an ambassador reaches. */
  fromTierId: z.string().uuid().optional(),
  toTierId: z.string().uuid(),
  toTierName: z.string().min(1).max(40),
  /** Commission multiplier in basis points: 10000 is 1×. */
  multiplierBps: z.number().int().min(0).max(100000),
  direction: z.enum(['UP', 'DOWN']),
  changedAt: timestamp,
});

export type AmbassadorTierChangedPayload = z.infer<typeof ambassadorTierChangedPayload>;

export const AmbassadorTierChanged = defineEvent<AmbassadorTierChangedPayload>({
  type: 'AmbassadorTierChanged',
  version: 1,
  topic: Topics.enrollmentAmbassadors,
  payload: ambassadorTierChangedPayload,
  key: (payload) => payload.ambassadorId,
});
