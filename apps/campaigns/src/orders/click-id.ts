/**
 * A click id as the clicks table gives it back: lower case. The shop may send the id from
 * the landing URL in any case (a UUID is case-blind, and Postgres agrees), but attribution
 * matches it in memory against stored clicks, where 'ABC…' and 'abc…' differ.
 */
export function withCanonicalClickId<T extends { clickId?: string }>(referral: T): T {
  return referral.clickId && referral.clickId !== referral.clickId.toLowerCase() ? { ...referral, clickId: referral.clickId.toLowerCase() } : referral;
}
