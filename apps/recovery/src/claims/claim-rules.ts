import type { OrderItem } from '@streetteam/contracts';
import type { GuaranteePolicy } from '../programs/guarantee-policy';

export interface ClaimedItem {
  sku: string;
  quantity: number;
}

export interface PricedClaimItem extends ClaimedItem {
  unitAmountMinor: number;
}

export type ItemCheck =
  | { ok: true; items: PricedClaimItem[]; amountMinor: number }
  | { ok: false; problem: 'INVALID_ITEMS' | 'ALREADY_CLAIMED'; field: string; message: string };

/**
 * Checks a claim's items against the order: each must be in it, and no more of a sku
 * than was bought minus what earlier claims (not declined) already took. The same items
 * claimed again are ALREADY_CLAIMED; a sku or a quantity the order never had is INVALID_ITEMS.
 */
export function checkClaimItems(ordered: OrderItem[], alreadyClaimed: ReadonlyMap<string, number>, requested: ClaimedItem[]): ItemCheck {
  if (requested.length === 0) return { ok: false, problem: 'INVALID_ITEMS', field: 'items', message: 'items: name at least one item of the order' };
  const bought = new Map<string, { quantity: number; unitAmountMinor: number }>();
  for (const item of ordered) {
    const seen = bought.get(item.sku);
    // An order may list a sku on two lines; the claim prices it at the first line's unit amount.
    bought.set(item.sku, { quantity: (seen?.quantity ?? 0) + item.quantity, unitAmountMinor: seen?.unitAmountMinor ?? item.unitAmountMinor });
  }
  const wanted = new Map<string, number>();
  for (const [index, item] of requested.entries()) {
    if (!bought.has(item.sku)) return { ok: false, problem: 'INVALID_ITEMS', field: `items.${index}.sku`, message: `items.${index}.sku: "${item.sku}" is not in this order` };
    if (!Number.isInteger(item.quantity) || item.quantity < 1) {
      return { ok: false, problem: 'INVALID_ITEMS', field: `items.${index}.quantity`, message: `items.${index}.quantity: must be a whole number of at least 1` };
    }
    wanted.set(item.sku, (wanted.get(item.sku) ?? 0) + item.quantity);
  }
  const items: PricedClaimItem[] = [];
  let amountMinor = 0;
  for (const [sku, quantity] of wanted) {
    const line = bought.get(sku)!;
    const claimed = alreadyClaimed.get(sku) ?? 0;
    const index = requested.findIndex((item) => item.sku === sku);
    if (quantity > line.quantity) {
      return { ok: false, problem: 'INVALID_ITEMS', field: `items.${index}.quantity`, message: `items.${index}.quantity: the order has ${line.quantity} of "${sku}", the claim asks for ${quantity}` };
    }
    if (quantity > line.quantity - claimed) {
      return {
        ok: false,
        problem: 'ALREADY_CLAIMED',
        field: `items.${index}`,
        message: `items.${index}: ${claimed} of the ${line.quantity} "${sku}" in this order are already claimed; ${line.quantity - claimed} left to claim`,
      };
    }
    items.push({ sku, quantity, unitAmountMinor: line.unitAmountMinor });
    amountMinor += quantity * line.unitAmountMinor;
  }
  return { ok: true, items, amountMinor };
}

/** Adds up the items of earlier claims by sku. */
export function claimedBySku(claims: Array<{ items: ClaimedItem[] }>): Map<string, number> {
  const claimed = new Map<string, number>();
  for (const claim of claims) for (const item of claim.items) claimed.set(item.sku, (claimed.get(item.sku) ?? 0) + item.quantity);
  return claimed;
}

/**
 * What a refund to the original payment can give back: the items' value, never more than
 * the order has left after the refunds already made (the shop's and ours).
 */
export function refundableAmount(itemsAmountMinor: number, orderAmountMinor: number, alreadyRefundedMinor: number): number {
  return Math.max(0, Math.min(itemsAmountMinor, orderAmountMinor - alreadyRefundedMinor));
}

export interface CustomerHistory {
  /** Abuse reports filed against the customer. */
  abuseReports: number;
  /** The customer's claims in the program within the policy's period, before this one. */
  recentClaims: number;
}

/**
 * Why a claim should wait for a supervisor, or null to resolve it at once. The brake is
 * human: this only routes a claim to a person, it never denies one.
 */
export function escalationReason(policy: Pick<GuaranteePolicy, 'abuseReportThreshold' | 'claimCountThreshold' | 'claimCountPeriodDays'>, history: CustomerHistory): string | null {
  const reasons: string[] = [];
  if (history.abuseReports >= policy.abuseReportThreshold) {
    reasons.push(`${history.abuseReports} abuse report(s) against this customer (threshold ${policy.abuseReportThreshold})`);
  }
  const claims = history.recentClaims + 1;
  if (claims >= policy.claimCountThreshold) {
    reasons.push(`${claims} claims by this customer in ${policy.claimCountPeriodDays} days (threshold ${policy.claimCountThreshold})`);
  }
  return reasons.length > 0 ? reasons.join('; ') : null;
}

/** When a claim waiting for a human must be decided. */
export function slaDueAt(policy: Pick<GuaranteePolicy, 'slaHours'>, since: Date): Date {
  return new Date(since.getTime() + policy.slaHours * 3_600_000);
}

/** An SLA is met when the claim was decided by its due time; breached when it was not, or is still waiting past it. */
export function slaState(dueAt: Date, decidedAt: Date | null, now: Date): { breached: boolean; met: boolean | null } {
  if (decidedAt) return { breached: decidedAt > dueAt, met: decidedAt <= dueAt };
  return { breached: now > dueAt, met: null };
}

/**
 * The idempotency key of a claim's refund at Stripe, from our own ids: a retry, a
 * restart or another replica finishing it sends the same key, so Stripe refunds once.
 * A second attempt (after a supervisor approves a failed refund again) gets its own.
 */
export function refundIdempotencyKey(claimId: string, attempt: number): string {
  return attempt === 1 ? `guarantee-claim-${claimId}` : `guarantee-claim-${claimId}-attempt-${attempt}`;
}

/** Stripe forgets idempotency keys after 24 hours; an older pending refund is looked up before it is made again. */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 3_600_000;

export function mayHaveForgottenKey(pendingSince: Date, now: Date): boolean {
  return now.getTime() - pendingSince.getTime() >= IDEMPOTENCY_KEY_LIFETIME_MS - 3_600_000;
}
