import Stripe from 'stripe';
import type { StripeSettings } from './stripe-settings';

/** Per-request timeout: long enough for a slow Stripe call, short enough to free a worker. */
export const STRIPE_TIMEOUT_MS = 20_000;

/** Where the SDK should send requests: real Stripe when `apiUrl` is unset. */
export function stripeEndpoint(apiUrl: string | undefined): { host: string; port: number; protocol: 'http' | 'https' } | undefined {
  if (apiUrl === undefined) return undefined;
  const parsed = new URL(apiUrl);
  const protocol = parsed.protocol === 'http:' ? 'http' : 'https';
  const port = parsed.port === '' ? (protocol === 'http' ? 80 : 443) : Number(parsed.port);
  return { host: parsed.hostname, port, protocol };
}

/**
 * The real `stripe` SDK, configured: pointed at `apiUrl` when set (emulator, stripe-mock),
 * with the SDK's own retries off (`maxNetworkRetries: 0`), because callers retry with
 * `withStripeRetry` and the same idempotency key, and one layer of retries is enough.
 */
export function createStripeClient(settings: StripeSettings): Stripe {
  return new Stripe(settings.secretKey, {
    ...stripeEndpoint(settings.apiUrl),
    maxNetworkRetries: 0,
    timeout: STRIPE_TIMEOUT_MS,
    telemetry: false,
    appInfo: { name: 'StreetTeam' },
  });
}
