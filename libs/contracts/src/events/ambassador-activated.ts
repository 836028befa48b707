import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

/** An ambassador passed every required training module and may now act for the brand (links, codes, payouts). */
export const ambassadorActivatedPayload = z.object({
  ambassadorId: z.string().uuid(),
  programId: z.string().uuid(),
  referralCode: z.string().min(3).max(32),
  activatedAt: z.string().datetime({ offset: true }),
});

export type AmbassadorActivatedPayload = z.infer<typeof ambassadorActivatedPayload>;

export const AmbassadorActivated = defineEvent<AmbassadorActivatedPayload>({
  type: 'AmbassadorActivated',
  version: 1,
  topic: Topics.enrollmentAmbassadors,
  payload: ambassadorActivatedPayload,
  key: (payload) => payload.ambassadorId,
});
