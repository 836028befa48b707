import { Global, Module } from '@nestjs/common';
import { z } from 'zod';
import { integer, loadConfig, nodeEnv, secret, url } from '@streetteam/platform';

/** Settings of campaigns' tracking and money features, beyond the shared subgraph ones. */
export interface TrackingSettings {
  /** The shop signs POST /ingest/orders and /ingest/refunds with this (HMAC-SHA256). */
  shopSigningSecret: string;
  /** How old a signed timestamp may be, and how long a signature is remembered against replay. */
  shopSignatureToleranceSeconds: number;
  /** Where the public redirect is reached: short links are `<publicUrl>/r/<slug>`. */
  publicUrl: string;
  /** Salt of the click's address hash, so a hash can't be turned back into an address by trying all IPv4. */
  clickAddressSalt: string;
  /** How often the redirect's link directory asks Postgres for links created or changed. */
  linkRefreshMs: number;
  /**
   * Whether this replica runs the click consumer (clicks → Postgres counters) and the
   * order consumer (attribution and refunds). Both on by default; a redirect-only replica
   * turns them off so its CPU goes to answering GET /r/:slug and producing clicks, while
   * other replicas of the same consumer groups do the counting and attributing.
   */
  clickConsumer: boolean;
  orderConsumer: boolean;
  /**
   * How long an order or lead whose click is not stored yet waits for it (click-wait.ts)
   * before it is attributed without it; 0 waits for nothing.
   */
  clickWaitMinutes: number;
}

export const DEV_SHOP_SIGNING_SECRET = 'streetteam-dev-shop-signing-secret';
const DEV_CLICK_ADDRESS_SALT = 'streetteam-dev-click-salt';

const onOff = z.enum(['on', 'off']).default('on');

export const TRACKING_SETTINGS = Symbol('TRACKING_SETTINGS');

/**
 * SHOP_SIGNING_SECRET, CLICK_ADDRESS_SALT (both required in production, dev defaults
 * otherwise), SHOP_SIGNATURE_TOLERANCE_SECONDS (300), CAMPAIGNS_PUBLIC_URL
 * (http://127.0.0.1:4002), LINK_REFRESH_MS (1000), CAMPAIGNS_CLICK_CONSUMER and
 * CAMPAIGNS_ORDER_CONSUMER (`on`/`off`, default on), CAMPAIGNS_CLICK_WAIT_MINUTES (60, at
 * most a week). Throws ConfigError naming the variable.
 */
export function trackingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TrackingSettings {
  const { NODE_ENV } = loadConfig(z.object({ NODE_ENV: nodeEnv }), env);
  const production = NODE_ENV === 'production';
  const read = loadConfig(
    z.object({
      SHOP_SIGNING_SECRET: production ? secret({ minLength: 32 }) : secret({ minLength: 16, optional: true }),
      CLICK_ADDRESS_SALT: production ? secret({ minLength: 16 }) : secret({ optional: true }),
      SHOP_SIGNATURE_TOLERANCE_SECONDS: integer(300, { min: 1, max: 3600 }),
      CAMPAIGNS_PUBLIC_URL: url({ default: 'http://127.0.0.1:4002', protocols: ['http', 'https'] }),
      LINK_REFRESH_MS: integer(1000, { min: 50, max: 60_000 }),
      CAMPAIGNS_CLICK_CONSUMER: onOff,
      CAMPAIGNS_ORDER_CONSUMER: onOff,
      // An hour covers a click consumer catching up after an outage; a week bounds how long a sale may go undecided.
      CAMPAIGNS_CLICK_WAIT_MINUTES: integer(60, { min: 0, max: 7 * 24 * 60 }),
    }),
    env,
  );
  return {
    shopSigningSecret: read.SHOP_SIGNING_SECRET ?? DEV_SHOP_SIGNING_SECRET,
    shopSignatureToleranceSeconds: read.SHOP_SIGNATURE_TOLERANCE_SECONDS,
    publicUrl: read.CAMPAIGNS_PUBLIC_URL.replace(/\/+$/, ''),
    clickAddressSalt: read.CLICK_ADDRESS_SALT ?? DEV_CLICK_ADDRESS_SALT,
    linkRefreshMs: read.LINK_REFRESH_MS,
    clickConsumer: read.CAMPAIGNS_CLICK_CONSUMER === 'on',
    orderConsumer: read.CAMPAIGNS_ORDER_CONSUMER === 'on',
    clickWaitMinutes: read.CAMPAIGNS_CLICK_WAIT_MINUTES,
  };
}

/** The settings read once, for every feature that injects TRACKING_SETTINGS. */
@Global()
@Module({ providers: [{ provide: TRACKING_SETTINGS, useFactory: () => trackingSettingsFromEnv() }], exports: [TRACKING_SETTINGS] })
export class TrackingSettingsModule {}
