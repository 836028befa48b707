import { z } from 'zod';
import { integer, loadConfig, url } from '@streetteam/platform';
import { StripeSettings, stripeSettingsFromEnv } from '@streetteam/stripe';

/** What payouts needs beyond every subgraph's settings. */
export interface PayoutsConfig {
  stripe: StripeSettings;
  /** How often each replica runs the hold-release and final-payout jobs; 0 = never (tests run them by hand). */
  jobIntervalMs: number;
  /** Transfers sent side by side in a payout run. */
  transferConcurrency: number;
  /** Requests per second this process sends to Stripe at most (Stripe live allows 100). */
  stripeRequestsPerSecond: number;
  /** Where Stripe's onboarding sends the ambassador back (the portal). */
  portalUrl: string;
}

export const PAYOUTS_CONFIG = Symbol('PAYOUTS_CONFIG');

/** STRIPE_* (see libs/stripe), PAYOUTS_JOB_INTERVAL_MS, PAYOUTS_TRANSFER_CONCURRENCY, PAYOUTS_STRIPE_REQUESTS_PER_SECOND (0 = unpaced), PAYOUTS_PORTAL_URL; a bad value throws a ConfigError naming it. */
export function payoutsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PayoutsConfig {
  const stripe = stripeSettingsFromEnv(env);
  const read = loadConfig(
    z.object({
      PAYOUTS_JOB_INTERVAL_MS: integer(30_000, { min: 0, max: 86_400_000 }),
      PAYOUTS_TRANSFER_CONCURRENCY: integer(8, { min: 1, max: 64 }),
      PAYOUTS_STRIPE_REQUESTS_PER_SECOND: integer(95, { min: 0, max: 10_000 }),
      PAYOUTS_PORTAL_URL: url({ default: 'http://127.0.0.1:4000/portal', protocols: ['http', 'https'] }),
    }),
    env,
  );
  return {
    stripe,
    jobIntervalMs: read.PAYOUTS_JOB_INTERVAL_MS,
    transferConcurrency: read.PAYOUTS_TRANSFER_CONCURRENCY,
    stripeRequestsPerSecond: read.PAYOUTS_STRIPE_REQUESTS_PER_SECOND,
    portalUrl: read.PAYOUTS_PORTAL_URL,
  };
}
