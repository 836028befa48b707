import { integer, loadConfig, nodeEnv, secret, url } from '@streetteam/platform';
import { z } from 'zod';

/** How payouts and recovery reach Stripe (or the local emulator) and check its webhooks. */
export interface StripeSettings {
  secretKey: string;
  /** Base URL of a Stripe-compatible API (the emulator, stripe-mock); unset = real Stripe. */
  apiUrl?: string;
  webhookSecret: string;
  /** How old a webhook's signed timestamp may be, in seconds. */
  webhookToleranceSeconds: number;
}

/** What `npm start` and the tests use against the local emulator; never valid on real Stripe. */
export const DEV_STRIPE_SECRET_KEY = 'sk_test_streetteam_emulator';
export const DEV_STRIPE_WEBHOOK_SECRET = 'whsec_streetteam_emulator';
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

const SECRET_KEY_FORMAT = /^(sk|rk)_(test|live)_\S+$/;

function settingsSchema(production: boolean) {
  // In production a forgotten variable must stop the service, not fall back to a dev key.
  const secretKey = production ? secret() : secret({ optional: true });
  const webhookSecret = production ? secret() : secret({ optional: true });
  // typeof checks: zod still runs a refinement after the field itself failed.
  return z.object({
    STRIPE_SECRET_KEY: secretKey.refine((key) => typeof key !== 'string' || SECRET_KEY_FORMAT.test(key), {
      message: 'must be a Stripe secret key (sk_test_…, sk_live_…, rk_…)',
    }),
    STRIPE_API_URL: url({ protocols: ['http', 'https'], optional: true }),
    STRIPE_WEBHOOK_SECRET: webhookSecret.refine((value) => typeof value !== 'string' || value.startsWith('whsec_'), {
      message: 'must be a webhook signing secret (whsec_…)',
    }),
    // 0 would switch the SDK's timestamp check off, which lets old webhooks be replayed.
    STRIPE_WEBHOOK_TOLERANCE_SECONDS: integer(DEFAULT_WEBHOOK_TOLERANCE_SECONDS, { min: 1, max: 86_400 }),
  });
}

/**
 * STRIPE_SECRET_KEY, STRIPE_API_URL (unset = real Stripe), STRIPE_WEBHOOK_SECRET,
 * STRIPE_WEBHOOK_TOLERANCE_SECONDS (default 300). Throws ConfigError (from
 * @streetteam/platform) naming the variable; outside production the dev defaults
 * 'sk_test_streetteam_emulator' / 'whsec_streetteam_emulator' apply, in production
 * (NODE_ENV=production) both are required.
 */
export function stripeSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StripeSettings {
  const { NODE_ENV } = loadConfig(z.object({ NODE_ENV: nodeEnv }), env);
  const read = loadConfig(settingsSchema(NODE_ENV === 'production'), env);
  const settings: StripeSettings = {
    secretKey: read.STRIPE_SECRET_KEY ?? DEV_STRIPE_SECRET_KEY,
    webhookSecret: read.STRIPE_WEBHOOK_SECRET ?? DEV_STRIPE_WEBHOOK_SECRET,
    webhookToleranceSeconds: read.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
  };
  if (read.STRIPE_API_URL !== undefined) settings.apiUrl = read.STRIPE_API_URL;
  return settings;
}
