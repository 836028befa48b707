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

/** Every click of one event belongs to links of one shard: the shard is the event's key. */
function oneShard(linkIds: string[]): boolean {
  const shard = clickShardKey(linkIds[0]);
  return linkIds.every((id) => clickShardKey(id) === shard);
}
const ONE_SHARD = 'clicks of one event belong to links of one shard';

/** Version 1, one flat record per click. Still consumed: a topic keeps events published before version 2. */
export const referralLinkClicksV1Payload = z
  .object({ clicks: z.array(referralLinkClick).min(1).max(MAX_CLICKS_PER_EVENT) })
  // zod still runs a refinement when min(1) failed: an empty list is that check's to refuse.
  .refine(({ clicks }) => clicks.length === 0 || oneShard(clicks.map((c) => c.linkId)), { message: ONE_SHARD, path: ['clicks'] });

export type ReferralLinkClicksV1Payload = z.infer<typeof referralLinkClicksV1Payload>;

/** What a click says of itself; its link, campaign and ambassador are said once for all the link's clicks. */
const clickOfLink = referralLinkClick.omit({ linkId: true, campaignId: true, ambassadorId: true });

const linkClicks = z.object({
  linkId: uuid,
  campaignId: uuid,
  ambassadorId: uuid,
  clicks: z.array(clickOfLink).min(1),
});

export type LinkClicks = z.infer<typeof linkClicks>;

export const referralLinkClicksPayload = z
  .object({ links: z.array(linkClicks).min(1) })
  .refine(({ links }) => links.reduce((sum, link) => sum + link.clicks.length, 0) <= MAX_CLICKS_PER_EVENT, {
    message: `at most ${MAX_CLICKS_PER_EVENT} clicks in one event`,
    path: ['links'],
  })
  .refine(({ links }) => links.length === 0 || oneShard(links.map((l) => l.linkId)), { message: ONE_SHARD, path: ['links'] });

export type ReferralLinkClicksPayload = z.infer<typeof referralLinkClicksPayload>;

/** The clicks of an event of either version, one record each. */
export function clicksIn(payload: ReferralLinkClicksPayload | ReferralLinkClicksV1Payload): ReferralLinkClick[] {
  if ('clicks' in payload) return payload.clicks;
  return payload.links.flatMap(({ linkId, campaignId, ambassadorId, clicks }) => clicks.map((click) => ({ ...click, linkId, campaignId, ambassadorId })));
}

/** The payload of version 2 for clicks of links of one shard, each link's clicks in the order given. */
export function linkClicksPayload(clicks: ReferralLinkClick[]): ReferralLinkClicksPayload {
  const byLink = new Map<string, LinkClicks>();
  for (const { linkId, campaignId, ambassadorId, clickId, addressHash, userAgent, referer, clickedAt } of clicks) {
    // Spelled out rather than a rest pattern: the redirect builds this for every click it answers. JSON leaves out an undefined referer.
    const click = { clickId, addressHash, userAgent, referer, clickedAt };
    const link = byLink.get(linkId);
    if (link) link.clicks.push(click);
    else byLink.set(linkId, { linkId, campaignId, ambassadorId, clicks: [click] });
  }
  return { links: [...byLink.values()] };
}

/**
 * The clicks a redirect answered in the last few milliseconds, for links of one shard.
 * The redirect publishes them straight to Kafka (not through the outbox) so it never
 * waits on Postgres. Many clicks travel in one event because at thousands of clicks a
 * second the producer's and the broker's cost per record, not per byte, was what the
 * redirect paid for; the shard key keeps each link's clicks in order on one partition,
 * so one consumer judges repeats of a link at a time.
 *
 * Version 2 names each link (with its campaign and ambassador) once for all its clicks
 * instead of in every click: a click with a short user agent went from 357 bytes to 203,
 * and bytes were then what the redirect, the broker and the counting consumer paid for.
 */
export const ReferralLinkClicks = defineEvent<ReferralLinkClicksPayload>({
  type: 'ReferralLinkClicks',
  version: 2,
  topic: Topics.campaignsClicks,
  payload: referralLinkClicksPayload,
  key: (payload) => clickShardKey(payload.links[0].linkId),
});

export const ReferralLinkClicksV1 = defineEvent<ReferralLinkClicksV1Payload>({
  type: 'ReferralLinkClicks',
  version: 1,
  topic: Topics.campaignsClicks,
  payload: referralLinkClicksV1Payload,
  key: (payload) => clickShardKey(payload.clicks[0].linkId),
});
