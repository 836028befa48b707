import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { timestamp, uuid } from '../fields';
import { Topics } from '../topics';

/** Someone followed a referral link; the click id (in the 302's destination) is its idempotency key. */
export const referralLinkClick = z.object({
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

export type ReferralLinkClick = z.infer<typeof referralLinkClick>;

/** At most this many clicks in one event (the producer also keeps a send well under the broker's 1 MB batch limit). */
export const MAX_CLICKS_PER_EVENT = 1000;

/** Shards of the link space: every click of one link travels under one key, so on one partition. */
const CLICK_SHARDS = 8;

export function clickShardKey(linkId: string): string {
  return `links-${parseInt(linkId.slice(0, 8), 16) % CLICK_SHARDS}`;
}

export const referralLinkClicksPayload = z
  .object({ clicks: z.array(referralLinkClick).min(1).max(MAX_CLICKS_PER_EVENT) })
  .refine(
    // zod still runs this when min(1) failed: an empty list is that check's to refuse.
    ({ clicks }) => {
      const shard = clicks.length > 0 ? clickShardKey(clicks[0].linkId) : '';
      return clicks.every((c) => clickShardKey(c.linkId) === shard);
    },
    { message: 'clicks of one event belong to links of one shard', path: ['clicks'] },
  );

export type ReferralLinkClicksPayload = z.infer<typeof referralLinkClicksPayload>;

/**
 * The clicks a redirect answered in the last few milliseconds, for links of one shard.
 * The redirect publishes them straight to Kafka (not through the outbox) so it never
 * waits on Postgres. Many clicks travel in one event because at thousands of clicks a
 * second the producer's and the broker's cost per record, not per byte, was what the
 * redirect paid for; the shard key keeps each link's clicks in order on one partition,
 * so one consumer judges repeats of a link at a time.
 */
export const ReferralLinkClicks = defineEvent<ReferralLinkClicksPayload>({
  type: 'ReferralLinkClicks',
  version: 1,
  topic: Topics.campaignsClicks,
  payload: referralLinkClicksPayload,
  key: (payload) => clickShardKey(payload.clicks[0].linkId),
});
