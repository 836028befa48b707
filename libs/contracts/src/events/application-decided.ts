import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

/** A reviewer (or the auto-approve rule, decidedBy "auto-approve") decided an application. */
export const applicationDecidedPayload = z.object({
  applicationId: z.string().uuid(),
  programId: z.string().uuid(),
  decision: z.enum(['APPROVED', 'REJECTED', 'WAITLISTED']),
  decidedBy: z.string().min(1).max(200),
  decidedAt: timestamp,
  /** Set when approved: the ambassador the applicant became. */
  ambassadorId: z.string().uuid().optional(),
});

export type ApplicationDecidedPayload = z.infer<typeof applicationDecidedPayload>;

export const ApplicationDecided = defineEvent<ApplicationDecidedPayload>({
  type: 'ApplicationDecided',
  version: 1,
  topic: Topics.enrollmentApplications,
  payload: applicationDecidedPayload,
  key: (payload) => payload.applicationId,
});
