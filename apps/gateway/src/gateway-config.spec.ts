import { ConfigError } from '@streetteam/platform';
import { loadGatewayConfig } from './gateway-config';

const KEY = 'a-dev-signing-key-of-at-least-32-characters';

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

// Only the checks that fail before the supergraph file is read: the file itself is
// covered by apps/gateway/test (real files, real process).
describe('loadGatewayConfig', () => {
  it('does name the port when GATEWAY_PORT is out of range', () => {
    expect(problemsOf({ AUTH_DEV_SIGNING_KEY: KEY, GATEWAY_PORT: '70000' })).toEqual([
      'GATEWAY_PORT must be between 1 and 65535 (got "70000")',
    ]);
  });

  it('does refuse a subgraph URL when it is not http', () => {
    expect(problemsOf({ AUTH_DEV_SIGNING_KEY: KEY, PAYOUTS_URL: 'postgres://127.0.0.1/payouts' })).toEqual([
      'PAYOUTS_URL must be a http or https URL (got "postgres://127.0.0.1/payouts")',
    ]);
  });

  it('does name the auth variable without its value when the signing key is too short', () => {
    const problems = problemsOf({ AUTH_DEV_SIGNING_KEY: 'short-key' });
    expect(problems).toEqual(['AUTH_DEV_SIGNING_KEY must be at least 32 characters']);
    expect(problems.join(' ')).not.toContain('short-key');
  });

  it('does gather gateway and auth problems when both are wrong', () => {
    expect(problemsOf({ GATEWAY_PORT: 'abc' })).toEqual([
      'GATEWAY_PORT must be an integer (got "abc")',
      'set AUTH_JWKS_URL (JWKS) or AUTH_DEV_SIGNING_KEY (dev HS256)',
    ]);
  });
});
