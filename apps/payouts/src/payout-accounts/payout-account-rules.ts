export const payoutAccountStates = ['DETAILS_NEEDED', 'PAYOUTS_ENABLED', 'RESTRICTED'] as const;
export type PayoutAccountState = (typeof payoutAccountStates)[number];

/** The parts of a Stripe Account that decide whether we can pay into it. */
export interface StripeAccountFacts {
  payouts_enabled?: boolean | null;
  details_submitted?: boolean | null;
  requirements?: { currently_due?: string[] | null; past_due?: string[] | null; disabled_reason?: string | null } | null;
}

/**
 * Payable once Stripe enables payouts; restricted when Stripe disabled the account for a
 * reason other than details it still waits for; otherwise details are needed.
 */
export function payoutAccountState(account: StripeAccountFacts): PayoutAccountState {
  if (account.payouts_enabled) return 'PAYOUTS_ENABLED';
  const disabled = account.requirements?.disabled_reason ?? null;
  const pastDue = account.requirements?.past_due ?? [];
  if (disabled && (disabled !== 'requirements.past_due' || pastDue.length > 0) && account.details_submitted) return 'RESTRICTED';
  if (disabled && !disabled.startsWith('requirements.')) return 'RESTRICTED';
  return 'DETAILS_NEEDED';
}
