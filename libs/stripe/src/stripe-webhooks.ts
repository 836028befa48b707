import type Stripe from 'stripe';
import type { StripeSettings } from './stripe-settings';

/** A webhook whose signature is missing, wrong, or too old: answer 400, never process it. */
export class StripeSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StripeSignatureError';
  }
}

/**
 * stripe.webhooks.constructEvent over the raw body WITH the tolerance (the SDK skips the
 * timestamp check when none is given); throws StripeSignatureError on a bad/old signature.
 * `rawBody` must be the bytes as received: a re-serialised JSON body never verifies.
 */
export function verifyStripeWebhook(
  stripe: Stripe,
  rawBody: Buffer | string,
  signatureHeader: string | undefined,
  settings: StripeSettings,
): Stripe.Event {
  if (signatureHeader === undefined || signatureHeader.trim() === '') {
    throw new StripeSignatureError('Stripe-Signature header is missing');
  }
  if (!(settings.webhookToleranceSeconds > 0)) {
    throw new StripeSignatureError('webhookToleranceSeconds must be positive (0 would accept replayed webhooks)');
  }
  try {
    return stripe.webhooks.constructEvent(rawBody, signatureHeader, settings.webhookSecret, settings.webhookToleranceSeconds);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0].trim() : String(error);
    throw new StripeSignatureError(`Stripe-Signature is invalid: ${detail}`);
  }
}
