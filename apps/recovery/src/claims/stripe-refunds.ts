import { Stripe } from '@streetteam/stripe';

/** The Stripe SDK recovery refunds through (the real SDK, pointed by settings at Stripe or the emulator). */
export const RECOVERY_STRIPE = Symbol('RECOVERY_STRIPE');

/**
 * Crash points for tests: `afterStripeRefund` runs after Stripe answered and before the
 * resolution is saved; throwing from it is a process dying at the worst moment.
 */
export interface RecoveryFaults {
  afterStripeRefund?: (claimId: string) => void | Promise<void>;
}
export const RECOVERY_FAULTS = Symbol('RECOVERY_FAULTS');

export interface RefundRequest {
  claimId: string;
  resolutionId: string;
  paymentIntentId: string;
  amountMinor: number;
  idempotencyKey: string;
}

export function refundParams(request: RefundRequest): Stripe.RefundCreateParams {
  return {
    payment_intent: request.paymentIntentId,
    amount: request.amountMinor,
    metadata: { claimId: request.claimId, resolutionId: request.resolutionId, source: 'streetteam-recovery' },
  };
}

/** A Stripe error that says the request itself is wrong: trying again with the same key changes nothing. */
export function isPermanentStripeError(error: unknown): boolean {
  const e = error as { type?: unknown; statusCode?: unknown };
  return e?.type === 'StripeInvalidRequestError' || e?.type === 'StripeCardError' || (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 && e.statusCode !== 409 && e.statusCode !== 429);
}
