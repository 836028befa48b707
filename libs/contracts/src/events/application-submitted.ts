import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

/** Someone applied to become an ambassador. No contact details: they stay in enrollment. */
export const applicationSubmittedPayload = z.object({
  applicationId: z.string().uuid(),
  programId: z.string().uuid(),
  /** The version of the program's selection rules the application was judged by (0: the defaults). */
  ruleVersion: z.number().int().min(0),
  score: z.number().int().min(0).max(100),
  /** SUBMITTED (awaits review), or APPROVED / WAITLISTED when decided automatically. */
  status: z.enum(['SUBMITTED', 'APPROVED', 'WAITLISTED']),
  submittedAt: timestamp,
});

export type ApplicationSubmittedPayload = z.infer<typeof applicationSubmittedPayload>;

export const ApplicationSubmitted = defineEvent<ApplicationSubmittedPayload>({
  type: 'ApplicationSubmitted',
  version: 1,
  topic: Topics.enrollmentApplications,
  payload: applicationSubmittedPayload,
  key: (payload) => payload.applicationId,
});
