import { z } from 'zod';

interface CommonAuthConfig {
  /** Expected `iss` claim. */
  issuer: string;
  /** Expected `aud` claim. */
  audience: string;
  /** Accepted clock skew when checking `exp` and `nbf`. */
  clockToleranceSeconds: number;
}

/** Development and tests: HS256 tokens signed with a shared secret. */
export interface DevAuthConfig extends CommonAuthConfig {
  mode: 'dev';
  /** Secret: never log it. */
  devSigningKey: string;
}

/** Production: RS256/ES256 tokens checked against an identity provider's JWKS. */
export interface JwksAuthConfig extends CommonAuthConfig {
  mode: 'jwks';
  jwksUrl: string;
}

export type AuthConfig = DevAuthConfig | JwksAuthConfig;

export const MIN_DEV_SIGNING_KEY_LENGTH = 32;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// Keys fetched over plain http could be swapped in transit; loopback is for tests.
function isSafeJwksUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

const envSchema = z.object({
  AUTH_DEV_SIGNING_KEY: z
    .string()
    .min(MIN_DEV_SIGNING_KEY_LENGTH, `must be at least ${MIN_DEV_SIGNING_KEY_LENGTH} characters`)
    .optional(),
  AUTH_JWKS_URL: z
    .string()
    .url('must be a URL')
    .refine(isSafeJwksUrl, 'must be an https URL (http only on localhost)')
    .optional(),
  AUTH_ISSUER: z.string().min(1, 'must not be empty').default('streetteam'),
  AUTH_AUDIENCE: z.string().min(1, 'must not be empty').default('streetteam'),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0 or more')
    .max(300, 'must be at most 300')
    .default(5),
});

/**
 * Reads and validates the auth settings. Exactly one of AUTH_DEV_SIGNING_KEY (dev
 * HS256) or AUTH_JWKS_URL (JWKS) must be set; AUTH_ISSUER and AUTH_AUDIENCE default
 * to "streetteam", AUTH_CLOCK_TOLERANCE_SECONDS to 5.
 * @throws Error whose message names the offending variable (never its secret value).
 */
export function authConfigFromEnv(env: Readonly<Record<string, string | undefined>>): AuthConfig {
  // Empty strings come from `VAR=` in shells and .env files: treat them as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid auth configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const vars = parsed.data;
  const common = {
    issuer: vars.AUTH_ISSUER,
    audience: vars.AUTH_AUDIENCE,
    clockToleranceSeconds: vars.AUTH_CLOCK_TOLERANCE_SECONDS,
  };
  if (vars.AUTH_JWKS_URL && vars.AUTH_DEV_SIGNING_KEY) {
    throw new Error(
      'Invalid auth configuration: set only one of AUTH_JWKS_URL (JWKS) or AUTH_DEV_SIGNING_KEY (dev HS256)',
    );
  }
  if (vars.AUTH_JWKS_URL) return { mode: 'jwks', jwksUrl: vars.AUTH_JWKS_URL, ...common };
  if (vars.AUTH_DEV_SIGNING_KEY) return { mode: 'dev', devSigningKey: vars.AUTH_DEV_SIGNING_KEY, ...common };
  throw new Error('Invalid auth configuration: set AUTH_JWKS_URL (JWKS) or AUTH_DEV_SIGNING_KEY (dev HS256)');
}
