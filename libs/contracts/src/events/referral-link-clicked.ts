import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { timestamp, uuid } from '../fields';
import { Topics } from '../topics';

/**
 * Someone followed a referral link. The redirect publishes it straight to Kafka (not
 * through the outbox) so it never waits on Postgres; the click id is the idempotency key.
 */
export const referralLinkClickedPayload = z.object({
  clickId: uuid,
  linkId: uuid,
  campaignId: uuid,
  ambassadorId: uuid,
  /** sha256 of the caller's address: enough to count repeats, not enough to find them. */
  addressHash: z.string().regex(/^[0-9a-f]{64}$/),
  userAgent: z.string().max(1000),
  referer: z.string().max(2000).optional(),
  clickedAt: timestamp,
});

export type ReferralLinkClickedPayload = z.infer<typeof referralLinkClickedPayload>;

export const ReferralLinkClicked = defineEvent<ReferralLinkClickedPayload>({
  type: 'ReferralLinkClicked',
  version: 1,
  topic: Topics.campaignsClicks,
  payload: referralLinkClickedPayload,
  key: (payload) => payload.linkId,
});
