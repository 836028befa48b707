import { randomBytes } from 'node:crypto';
import { tierIsEligible } from '../campaigns/campaign-rules';

const SLUG_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
export const SLUG_PATTERN = /^[23456789a-km-zA-HJ-NP-Z]{8}$/;

/** 8 characters without look-alikes (0/O, 1/l/I): 55^8 ≈ 8·10^13 slugs, never guessed by walking. */
export function newSlug(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(16);
  let slug = '';
  for (let i = 0; slug.length < 8; i++) {
    const byte = bytes[i % bytes.length];
    // Rejection sampling keeps every character equally likely.
    if (byte < 220) slug += SLUG_ALPHABET[byte % SLUG_ALPHABET.length];
    if (i > 64) return newSlug(random);
  }
  return slug;
}

/**
 * The landing URL with the UTM parameters analytics expect; parameters the landing URL
 * already has are kept unless they are UTM ones we set.
 */
export function destinationWithUtm(landingUrl: string, utm: { campaignId: string; referralCode: string | null; slug: string }): string {
  const url = new URL(landingUrl);
  url.searchParams.set('utm_source', 'streetteam');
  url.searchParams.set('utm_medium', 'referral');
  url.searchParams.set('utm_campaign', utm.campaignId);
  url.searchParams.set('utm_content', utm.referralCode ?? utm.slug);
  return url.toString();
}

export type LinkRefusal = 'AMBASSADOR_NOT_ACTIVE' | 'CAMPAIGN_NOT_ACTIVE' | 'TIER_NOT_ELIGIBLE' | 'NO_LANDING_URL' | 'OTHER_PROGRAM';

/** Whether an ambassador may get a link in a campaign; null when they may. */
export function linkRefusal(
  ambassador: { status: string; programId: string; tierId: string | null },
  campaign: { status: string; programId: string; eligibleTierIds: string[]; landingUrl: string | null },
): LinkRefusal | null {
  if (ambassador.programId !== campaign.programId) return 'OTHER_PROGRAM';
  if (ambassador.status !== 'ACTIVE') return 'AMBASSADOR_NOT_ACTIVE';
  if (campaign.status !== 'ACTIVE') return 'CAMPAIGN_NOT_ACTIVE';
  if (!tierIsEligible(campaign.eligibleTierIds, ambassador.tierId)) return 'TIER_NOT_ELIGIBLE';
  if (!campaign.landingUrl) return 'NO_LANDING_URL';
  return null;
}
