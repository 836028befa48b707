import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

// NEEDS_TRAINING: a module made required later was not passed within its grace period.
export const ambassadorStatuses = ['ONBOARDING', 'ACTIVE', 'NEEDS_TRAINING', 'PAUSED', 'OFFBOARDED'] as const;

/**
 * An ambassador's lifecycle moved (from is absent when the ambassador was just created).
 * Only ACTIVE ambassadors may get links, codes and payouts.
 */
export const ambassadorStatusChangedPayload = z.object({
  ambassadorId: z.string().uuid(),
  programId: z.string().uuid(),
  from: z.enum(ambassadorStatuses).optional(),
  to: z.enum(ambassadorStatuses),
  reason: z.string().max(1000).optional(),
  changedAt: timestamp,
});

export type AmbassadorStatusChangedPayload = z.infer<typeof ambassadorStatusChangedPayload>;

export const AmbassadorStatusChanged = defineEvent<AmbassadorStatusChangedPayload>({
  type: 'AmbassadorStatusChanged',
  version: 1,
  topic: Topics.enrollmentAmbassadors,
  payload: ambassadorStatusChangedPayload,
  key: (payload) => payload.ambassadorId,
});
