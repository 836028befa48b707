export type { StripeSettings } from './stripe-settings';
export {
  stripeSettingsFromEnv,
  DEV_STRIPE_SECRET_KEY,
  DEV_STRIPE_WEBHOOK_SECRET,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
} from './stripe-settings';
export { createStripeClient, stripeEndpoint, STRIPE_TIMEOUT_MS } from './stripe-client';
export { isRetryableStripeError, withStripeRetry, retryDelayMs, retryAfterMs } from './stripe-retry';
export type { StripeRetryPolicy } from './stripe-retry';
export { verifyStripeWebhook, StripeSignatureError } from './stripe-webhooks';
// One SDK for the whole workspace: callers take its types (Stripe.Transfer, Stripe.Event…) from here.
export { default as Stripe } from 'stripe';
