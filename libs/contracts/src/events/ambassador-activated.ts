import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

/** An ambassador passed every required training module and may now act for the brand (links, codes, payouts). */
export const ambassadorActivatedPayload = z.object({
  ambassadorId: z.string().uuid(),
  programId: z.string().uuid(),
  referralCode: z.string().min(3).max(32),
  /** The name campaigns shows on leaderboards unless the ambassador picks a nickname. */
  displayName: z.string().min(1).max(200),
  /** The ambassador's own customer identity: campaigns refuses their orders as self-referrals. */
  customerEmailHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** ISO 3166-1 alpha-2; payouts needs it for tax forms (a US ambassador needs a W-9). */
  country: z.string().regex(/^[A-Z]{2}$/),
  activatedAt: timestamp,
});

export type AmbassadorActivatedPayload = z.infer<typeof ambassadorActivatedPayload>;

export const AmbassadorActivated = defineEvent<AmbassadorActivatedPayload>({
  type: 'AmbassadorActivated',
  version: 1,
  topic: Topics.enrollmentAmbassadors,
  payload: ambassadorActivatedPayload,
  key: (payload) => payload.ambassadorId,
});
