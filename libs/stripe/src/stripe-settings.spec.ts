import { ConfigError } from '@streetteam/platform';
import { DEV_STRIPE_SECRET_KEY, DEV_STRIPE_WEBHOOK_SECRET, stripeSettingsFromEnv } from './stripe-settings';

function problemOf(env: NodeJS.ProcessEnv): string {
  try {
    stripeSettingsFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('stripeSettingsFromEnv', () => {
  it('uses the emulator defaults outside production when nothing is set', () => {
    expect(stripeSettingsFromEnv({})).toEqual({
      secretKey: DEV_STRIPE_SECRET_KEY,
      webhookSecret: DEV_STRIPE_WEBHOOK_SECRET,
      webhookToleranceSeconds: 300,
    });
  });

  it('reads every variable when set', () => {
    expect(
      stripeSettingsFromEnv({
        STRIPE_SECRET_KEY: 'sk_test_abc123',
        STRIPE_API_URL: 'http://127.0.0.1:4242',
        STRIPE_WEBHOOK_SECRET: 'whsec_xyz',
        STRIPE_WEBHOOK_TOLERANCE_SECONDS: '60',
      }),
    ).toEqual({ secretKey: 'sk_test_abc123', apiUrl: 'http://127.0.0.1:4242', webhookSecret: 'whsec_xyz', webhookToleranceSeconds: 60 });
  });

  it('requires the key and the webhook secret in production, naming both', () => {
    const message = problemOf({ NODE_ENV: 'production' });
    expect(message).toContain('STRIPE_SECRET_KEY is required');
    expect(message).toContain('STRIPE_WEBHOOK_SECRET is required');
  });

  it('names STRIPE_API_URL when it is not an http(s) URL', () => {
    expect(problemOf({ STRIPE_API_URL: 'ftp://example.com' })).toContain('STRIPE_API_URL must be a http or https URL');
    expect(problemOf({ STRIPE_API_URL: 'not a url' })).toContain('STRIPE_API_URL must be a URL');
  });

  it('names the tolerance when it is not a positive integer', () => {
    expect(problemOf({ STRIPE_WEBHOOK_TOLERANCE_SECONDS: 'abc' })).toContain('STRIPE_WEBHOOK_TOLERANCE_SECONDS must be an integer');
    expect(problemOf({ STRIPE_WEBHOOK_TOLERANCE_SECONDS: '0' })).toContain('STRIPE_WEBHOOK_TOLERANCE_SECONDS must be between 1 and');
  });

  it('names a malformed key or secret without printing its value', () => {
    const message = problemOf({ STRIPE_SECRET_KEY: 'pk_test_public', STRIPE_WEBHOOK_SECRET: 'oops-secret' });
    expect(message).toContain('STRIPE_SECRET_KEY must be a Stripe secret key');
    expect(message).toContain('STRIPE_WEBHOOK_SECRET must be a webhook signing secret');
    expect(message).not.toContain('pk_test_public');
    expect(message).not.toContain('oops-secret');
  });

  it('names a bad NODE_ENV', () => {
    expect(problemOf({ NODE_ENV: 'prod' })).toContain('NODE_ENV must be one of');
  });
});
