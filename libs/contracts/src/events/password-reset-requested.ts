import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

/**
 * An account holder asked to (re)set their password, or an approved ambassador's new
 * account needs a first one. A mailer consumes it and sends the link: the payload
 * carries the one-time token itself, so this topic must be readable by the mailer only.
 */
export const passwordResetRequestedPayload = z.object({
  accountId: z.string().uuid(),
  email: z.string().email().max(254),
  token: z.string().min(32).max(128),
  expiresAt: timestamp,
  purpose: z.enum(['RESET', 'NEW_ACCOUNT']),
});

export type PasswordResetRequestedPayload = z.infer<typeof passwordResetRequestedPayload>;

export const PasswordResetRequested = defineEvent<PasswordResetRequestedPayload>({
  type: 'PasswordResetRequested',
  version: 1,
  topic: Topics.enrollmentAccounts,
  payload: passwordResetRequestedPayload,
  key: (payload) => payload.accountId,
});
