import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

/** Enrollment invited someone to apply to a program; the mailer sends the invitation. */
export const invitationSentPayload = z.object({
  invitationId: z.string().uuid(),
  programId: z.string().uuid(),
  email: z.string().email().max(254),
  source: z.enum(['RECOVERY']),
  sentAt: timestamp,
});

export type InvitationSentPayload = z.infer<typeof invitationSentPayload>;

export const InvitationSent = defineEvent<InvitationSentPayload>({
  type: 'InvitationSent',
  version: 1,
  topic: Topics.enrollmentInvitations,
  payload: invitationSentPayload,
  key: (payload) => payload.invitationId,
});
