import { destinationWithUtm, linkRefusal, newSlug, SLUG_PATTERN } from './referral-link-rules';

describe('referral link rules', () => {
  it('makes 8-character slugs without look-alike characters', () => {
    const slugs = new Set(Array.from({ length: 500 }, () => newSlug()));
    expect(slugs.size).toBe(500);
    for (const slug of slugs) expect(slug).toMatch(SLUG_PATTERN);
  });

  it('adds UTM parameters and keeps the landing URL\'s own', () => {
    const url = new URL(destinationWithUtm('https://shop.example.com/spring?ref=x#top', { campaignId: 'c1', referralCode: 'ANA-1', slug: 's' }));
    expect(url.searchParams.get('ref')).toBe('x');
    expect(url.searchParams.get('utm_source')).toBe('streetteam');
    expect(url.searchParams.get('utm_medium')).toBe('referral');
    expect(url.searchParams.get('utm_campaign')).toBe('c1');
    expect(url.searchParams.get('utm_content')).toBe('ANA-1');
    expect(url.hash).toBe('#top');
  });

  it('refuses a link to an ambassador who is not active, a campaign not running, a tier not listed', () => {
    const ambassador = { status: 'ACTIVE', programId: 'p', tierId: 't1' };
    const campaign = { status: 'ACTIVE', programId: 'p', eligibleTierIds: [] as string[], landingUrl: 'https://x' };
    expect(linkRefusal(ambassador, campaign)).toBeNull();
    expect(linkRefusal({ ...ambassador, status: 'PAUSED' }, campaign)).toBe('AMBASSADOR_NOT_ACTIVE');
    expect(linkRefusal(ambassador, { ...campaign, status: 'DRAFT' })).toBe('CAMPAIGN_NOT_ACTIVE');
    expect(linkRefusal(ambassador, { ...campaign, eligibleTierIds: ['t2'] })).toBe('TIER_NOT_ELIGIBLE');
    expect(linkRefusal(ambassador, { ...campaign, landingUrl: null })).toBe('NO_LANDING_URL');
    expect(linkRefusal(ambassador, { ...campaign, programId: 'q' })).toBe('OTHER_PROGRAM');
  });
});
