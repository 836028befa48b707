import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

/** An ambassador got a referral code (previousCode absent) or a new one; codes compare case-insensitively. */
export const referralCodeChangedPayload = z.object({
  ambassadorId: z.string().uuid(),
  programId: z.string().uuid(),
  code: z.string().min(3).max(32),
  previousCode: z.string().min(3).max(32).optional(),
  changedAt: timestamp,
});

export type ReferralCodeChangedPayload = z.infer<typeof referralCodeChangedPayload>;

export const ReferralCodeChanged = defineEvent<ReferralCodeChangedPayload>({
  type: 'ReferralCodeChanged',
  version: 1,
  topic: Topics.enrollmentAmbassadors,
  payload: referralCodeChangedPayload,
  key: (payload) => payload.ambassadorId,
});
