import { authConfigFromEnv } from './auth-config';

const KEY = 'k'.repeat(32);

describe('authConfigFromEnv', () => {
  it('gives dev mode with streetteam defaults when only the signing key is set', () => {
    expect(authConfigFromEnv({ AUTH_DEV_SIGNING_KEY: KEY })).toEqual({
      mode: 'dev',
      devSigningKey: KEY,
      issuer: 'streetteam',
      audience: 'streetteam',
      clockToleranceSeconds: 5,
    });
  });

  it('gives JWKS mode with the configured issuer and audience when a JWKS URL is set', () => {
    expect(
      authConfigFromEnv({
        AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
        AUTH_ISSUER: 'https://id.example.com/',
        AUTH_AUDIENCE: 'portal',
        AUTH_CLOCK_TOLERANCE_SECONDS: '10',
      }),
    ).toEqual({
      mode: 'jwks',
      jwksUrl: 'https://id.example.com/.well-known/jwks.json',
      issuer: 'https://id.example.com/',
      audience: 'portal',
      clockToleranceSeconds: 10,
    });
  });

  it('names AUTH_DEV_SIGNING_KEY without echoing it when the key is too short', () => {
    expect(() => authConfigFromEnv({ AUTH_DEV_SIGNING_KEY: 'short-secret' })).toThrow(
      'Invalid auth configuration: AUTH_DEV_SIGNING_KEY must be at least 32 characters',
    );
  });

  it.each(['not a url', 'http://id.example.com/jwks.json'])('names AUTH_JWKS_URL when it is %p', (url) => {
    expect(() => authConfigFromEnv({ AUTH_JWKS_URL: url })).toThrow(/AUTH_JWKS_URL/);
  });

  it('accepts plain http when the JWKS host is loopback', () => {
    expect(authConfigFromEnv({ AUTH_JWKS_URL: 'http://127.0.0.1:4100/jwks' }).mode).toBe('jwks');
  });

  it('names AUTH_CLOCK_TOLERANCE_SECONDS when it is not a small integer', () => {
    expect(() => authConfigFromEnv({ AUTH_DEV_SIGNING_KEY: KEY, AUTH_CLOCK_TOLERANCE_SECONDS: '1.5' })).toThrow(
      /AUTH_CLOCK_TOLERANCE_SECONDS/,
    );
    expect(() => authConfigFromEnv({ AUTH_DEV_SIGNING_KEY: KEY, AUTH_CLOCK_TOLERANCE_SECONDS: '3600' })).toThrow(
      /AUTH_CLOCK_TOLERANCE_SECONDS/,
    );
  });

  it('names both variables when neither mode is configured', () => {
    expect(() => authConfigFromEnv({ AUTH_DEV_SIGNING_KEY: '' })).toThrow(/AUTH_JWKS_URL.*AUTH_DEV_SIGNING_KEY/);
  });

  it('refuses to guess when both modes are configured', () => {
    expect(() => authConfigFromEnv({ AUTH_DEV_SIGNING_KEY: KEY, AUTH_JWKS_URL: 'https://id.example.com/jwks' })).toThrow(
      /only one of AUTH_JWKS_URL/,
    );
  });
});
