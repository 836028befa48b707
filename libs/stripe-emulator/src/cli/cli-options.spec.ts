import { CliUsageError, readCliOptions } from './cli-options';

describe('readCliOptions', () => {
  it('defaults to port 4242 on 127.0.0.1, no webhooks, no rate limit', () => {
    expect(readCliOptions([], {}).options).toEqual({ port: 4242, host: '127.0.0.1', webhookUrls: [] });
  });

  it('reads flags over the environment', () => {
    const { options } = readCliOptions(
      ['--port', '0', '--webhook-url', 'http://127.0.0.1:4003/webhooks/stripe', '--webhook-url', 'http://127.0.0.1:9/a,http://127.0.0.1:9/b', '--rate-limit', '100', '--secret', 'whsec_cli'],
      { STRIPE_EMULATOR_PORT: '5000', STRIPE_EMULATOR_WEBHOOK_URLS: 'http://127.0.0.1:1/x' },
    );
    expect(options).toEqual({
      port: 0,
      host: '127.0.0.1',
      webhookUrls: ['http://127.0.0.1:4003/webhooks/stripe', 'http://127.0.0.1:9/a', 'http://127.0.0.1:9/b'],
      rateLimitPerSecond: 100,
      webhookSecret: 'whsec_cli',
    });
  });

  it('reads the environment when no flag is given', () => {
    const { options } = readCliOptions([], {
      STRIPE_EMULATOR_PORT: '5000',
      STRIPE_EMULATOR_WEBHOOK_URLS: 'http://127.0.0.1:1/x, http://127.0.0.1:2/y',
      STRIPE_WEBHOOK_SECRET: 'whsec_env',
      STRIPE_EMULATOR_RATE_LIMIT: '25',
      STRIPE_EMULATOR_STATE_FILE: '/tmp/stripe.json',
    });
    expect(options).toEqual({
      port: 5000,
      host: '127.0.0.1',
      webhookUrls: ['http://127.0.0.1:1/x', 'http://127.0.0.1:2/y'],
      webhookSecret: 'whsec_env',
      rateLimitPerSecond: 25,
      stateFile: '/tmp/stripe.json',
    });
  });

  it('names the bad flag or variable', () => {
    expect(() => readCliOptions(['--port', 'abc'], {})).toThrow(/--port must be an integer/);
    expect(() => readCliOptions([], { STRIPE_EMULATOR_PORT: '70000' })).toThrow(/STRIPE_EMULATOR_PORT must be an integer/);
    expect(() => readCliOptions(['--webhook-url', 'ftp://x'], {})).toThrow(/--webhook-url must be http/);
    expect(() => readCliOptions(['--secret', 'nope'], {})).toThrow(/--secret must start with whsec_/);
    expect(() => readCliOptions(['--bogus'], {})).toThrow(CliUsageError);
  });
});
