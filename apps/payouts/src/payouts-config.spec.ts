import { ConfigError } from '@streetteam/platform';
import { payoutsConfigFromEnv } from './payouts-config';

describe('payouts config', () => {
  it('runs on the emulator defaults outside production', () => {
    const config = payoutsConfigFromEnv({ NODE_ENV: 'development' });
    expect(config).toMatchObject({ jobIntervalMs: 30_000, transferConcurrency: 8, stripeRequestsPerSecond: 95 });
    expect(config.stripe.secretKey).toMatch(/^sk_test_/);
  });

  it('stops start-up naming a bad value', () => {
    expect(() => payoutsConfigFromEnv({ NODE_ENV: 'development', PAYOUTS_TRANSFER_CONCURRENCY: '0' })).toThrow(/PAYOUTS_TRANSFER_CONCURRENCY/);
    expect(() => payoutsConfigFromEnv({ NODE_ENV: 'development', STRIPE_API_URL: 'not a url' })).toThrow(/STRIPE_API_URL/);
    expect(() => payoutsConfigFromEnv({ NODE_ENV: 'production' })).toThrow(ConfigError);
  });
});
