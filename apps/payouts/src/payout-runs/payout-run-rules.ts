import { payoutAmounts, PayoutAmounts } from '../ledger/ledger';
import { taxHoldReason, TaxPosition } from '../tax-forms/tax-rules';

export const skipReasons = [
  'BELOW_MINIMUM',
  'ACCOUNT_NOT_READY',
  'FRAUD_HOLD',
  'NEGATIVE_BALANCE',
  'TAX_FORM_REQUIRED',
  'AMBASSADOR_NOT_ACTIVE',
  'NOTHING_AVAILABLE',
] as const;
export type SkipReason = (typeof skipReasons)[number];

/** Everything a run needs to know of one ambassador in the run's currency. */
export interface PayoutCandidate {
  ambassadorId: string;
  /** Unknown when payouts has not heard the ambassador was activated. */
  ambassadorStatus: string | null;
  /** What is payable: available balance minus held and after-cut-off commissions. */
  payableMinor: bigint;
  /** Available money of commissions on fraud hold. */
  heldMinor: bigint;
  receivableMinor: bigint;
  payoutsEnabled: boolean;
  tax: TaxPosition;
  paidThisYearMinor: bigint;
}

export interface RunTerms {
  currency: string;
  minimumMinor: bigint;
  year: number;
}

export type PayoutDecision =
  | { pay: true; amounts: PayoutAmounts }
  | { pay: false; reason: SkipReason; detail: string; amounts?: PayoutAmounts };

// Only active ambassadors are paid; offboarded ones get their final payout.
const payableStatuses = new Set(['ACTIVE', 'OFFBOARDED']);

/** Who a run pays and how much, or why not; the checks run from the most to the least fundamental. */
export function decidePayout(c: PayoutCandidate, terms: RunTerms): PayoutDecision {
  if (c.payableMinor <= 0n && c.receivableMinor <= 0n) {
    return c.heldMinor > 0n
      ? { pay: false, reason: 'FRAUD_HOLD', detail: `${c.heldMinor} on fraud hold, nothing else available` }
      : { pay: false, reason: 'NOTHING_AVAILABLE', detail: 'nothing available' };
  }
  const amounts = payoutAmounts(c.payableMinor > 0n ? c.payableMinor : 0n, c.receivableMinor);
  if (c.payableMinor <= c.receivableMinor) {
    return {
      pay: false,
      reason: 'NEGATIVE_BALANCE',
      detail: `clawback owed ${c.receivableMinor} covers all ${c.payableMinor > 0n ? c.payableMinor : 0n} payable${c.heldMinor > 0n ? ` (${c.heldMinor} more on fraud hold)` : ''}`,
      amounts,
    };
  }
  if (c.ambassadorStatus === null || !payableStatuses.has(c.ambassadorStatus)) {
    return { pay: false, reason: 'AMBASSADOR_NOT_ACTIVE', detail: `ambassador is ${c.ambassadorStatus ?? 'not known to payouts'}`, amounts };
  }
  if (amounts.transferMinor < terms.minimumMinor) {
    return { pay: false, reason: 'BELOW_MINIMUM', detail: `${amounts.transferMinor} is below the minimum of ${terms.minimumMinor}`, amounts };
  }
  if (!c.payoutsEnabled) return { pay: false, reason: 'ACCOUNT_NOT_READY', detail: 'no Stripe account with payouts enabled', amounts };
  const taxReason = taxHoldReason(c.tax, terms.currency, c.paidThisYearMinor, amounts.transferMinor, terms.year);
  if (taxReason) return { pay: false, reason: 'TAX_FORM_REQUIRED', detail: taxReason, amounts };
  return { pay: true, amounts };
}

/** Whether a run may be approved by this user. */
export function mayApprove(createdBy: string, approver: string): boolean {
  return createdBy !== approver;
}
