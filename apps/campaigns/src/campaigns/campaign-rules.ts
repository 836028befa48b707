// The campaign's lifecycle and the checks on what marketing ops configure: no Nest, no I/O.

export const campaignObjectives = ['SALES', 'AWARENESS', 'PRODUCT_FEEDBACK', 'SERVICE'] as const;
export type CampaignObjective = (typeof campaignObjectives)[number];

export const campaignStatuses = ['DRAFT', 'ACTIVE', 'PAUSED', 'ENDED'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** Which wins when an order carries a code and follows a click of another ambassador. */
export const attributionPrecedences = ['CODE_BEATS_CLICK', 'CLICK_BEATS_CODE'] as const;
export type AttributionPrecedence = (typeof attributionPrecedences)[number];

/** A tier's own rates; what is absent falls back to the campaign's. */
export interface TierOverride {
  tierId: string;
  percentBps?: number;
  flatPerSaleMinor?: number;
  flatPerLeadMinor?: number;
}

export interface CommissionRuleSet {
  percentBps: number;
  flatPerSaleMinor: number;
  flatPerLeadMinor: number;
  tierOverrides: TierOverride[];
  pointsPerSale: number;
  pointsPerLead: number;
}

export interface VersionedRuleSet extends CommissionRuleSet {
  version: number;
  effectiveFrom: Date;
}

export class CampaignRuleViolation extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly kind: 'INVALID' | 'TRANSITION' = 'INVALID',
  ) {
    super(message);
  }
}

// draft → active ⇄ paused → ended; a draft may also be ended without ever running.
const transitions: Record<CampaignStatus, CampaignStatus[]> = {
  DRAFT: ['ACTIVE', 'ENDED'],
  ACTIVE: ['PAUSED', 'ENDED'],
  PAUSED: ['ACTIVE', 'ENDED'],
  ENDED: [],
};

export function checkTransition(from: CampaignStatus, to: CampaignStatus): void {
  if (!transitions[from].includes(to)) {
    throw new CampaignRuleViolation('status', `status: a ${from} campaign can't become ${to} (allowed: ${transitions[from].join(', ') || 'none'})`, 'TRANSITION');
  }
}

/** Accrues commissions only while ACTIVE and inside its dates. */
export function isRunningAt(campaign: { status: CampaignStatus; startsAt: Date; endsAt: Date | null }, at: Date): boolean {
  return campaign.status === 'ACTIVE' && campaign.startsAt <= at && (!campaign.endsAt || at < campaign.endsAt);
}

export function checkDates(startsAt: Date, endsAt: Date | null): void {
  if (Number.isNaN(startsAt.getTime())) throw new CampaignRuleViolation('startsAt', 'startsAt must be a date');
  if (endsAt && endsAt <= startsAt) throw new CampaignRuleViolation('endsAt', 'endsAt must be after startsAt');
}

export function checkRuleSet(rules: CommissionRuleSet): CommissionRuleSet {
  const bps = (field: string, value: number) => {
    if (!Number.isInteger(value) || value < 0 || value > 10_000) throw new CampaignRuleViolation(field, `${field} must be whole basis points from 0 to 10000 (100%), got ${value}`);
  };
  const minor = (field: string, value: number) => {
    if (!Number.isSafeInteger(value) || value < 0) throw new CampaignRuleViolation(field, `${field} must be a non-negative integer amount in minor units, got ${value}`);
  };
  bps('percentBps', rules.percentBps);
  minor('flatPerSaleMinor', rules.flatPerSaleMinor);
  minor('flatPerLeadMinor', rules.flatPerLeadMinor);
  minor('pointsPerSale', rules.pointsPerSale);
  minor('pointsPerLead', rules.pointsPerLead);
  const seen = new Set<string>();
  rules.tierOverrides.forEach((override, i) => {
    if (seen.has(override.tierId)) throw new CampaignRuleViolation(`tierOverrides[${i}].tierId`, `tierOverrides[${i}].tierId: tier ${override.tierId} is overridden twice`);
    seen.add(override.tierId);
    if (override.percentBps !== undefined) bps(`tierOverrides[${i}].percentBps`, override.percentBps);
    if (override.flatPerSaleMinor !== undefined) minor(`tierOverrides[${i}].flatPerSaleMinor`, override.flatPerSaleMinor);
    if (override.flatPerLeadMinor !== undefined) minor(`tierOverrides[${i}].flatPerLeadMinor`, override.flatPerLeadMinor);
  });
  return rules;
}

/** The version in force at `at`: the latest whose effectiveFrom is not after it; null before the first. */
export function ruleVersionAt<R extends { version: number; effectiveFrom: Date }>(versions: R[], at: Date): R | null {
  let best: R | null = null;
  for (const v of versions) {
    if (v.effectiveFrom <= at && (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom.getTime() === best.effectiveFrom.getTime() && v.version > best.version))) best = v;
  }
  return best;
}

/** An ambassador in a tier the campaign doesn't list takes no part; an empty list admits everyone. */
export function tierIsEligible(eligibleTierIds: string[], tierId: string | null): boolean {
  return eligibleTierIds.length === 0 || (tierId !== null && eligibleTierIds.includes(tierId));
}

/** How much of the budget cap is used, in basis points (null when uncapped). */
export function budgetUsedBps(accruedMinor: number, budgetCapMinor: number | null): number | null {
  if (budgetCapMinor === null) return null;
  if (budgetCapMinor === 0) return 10_000;
  return Number((BigInt(accruedMinor) * 10_000n) / BigInt(budgetCapMinor));
}
