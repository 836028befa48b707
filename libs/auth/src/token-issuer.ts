import { SignJWT } from 'jose';
import { MIN_DEV_SIGNING_KEY_LENGTH } from './auth-config';
import { isRole, Role } from './role';

export interface MintTokenInput {
  subject: string;
  roles: readonly Role[];
  ambassadorId?: string;
  email?: string;
  /** Lifetime; default 3600. */
  ttlSeconds?: number;
}

export interface MintTokenOptions {
  /** Default "streetteam", as AUTH_ISSUER. */
  issuer?: string;
  /** Default "streetteam", as AUTH_AUDIENCE. */
  audience?: string;
}

/**
 * Signs an HS256 token for development and tests, verifiable by a TokenVerifier in
 * dev mode with the same key. Production tokens come from the identity provider.
 * @throws Error when the key is shorter than 32 characters or an input is invalid.
 */
export async function mintToken(input: MintTokenInput, key: string, options: MintTokenOptions = {}): Promise<string> {
  if (key.length < MIN_DEV_SIGNING_KEY_LENGTH) {
    throw new Error(`signing key must be at least ${MIN_DEV_SIGNING_KEY_LENGTH} characters`);
  }
  if (!input.subject) throw new Error('subject must not be empty');
  const unknown = input.roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`unknown role(s): ${unknown.join(', ')}`);
  const ttlSeconds = input.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new Error(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    roles: [...input.roles],
    ...(input.ambassadorId !== undefined && { ambassadorId: input.ambassadorId }),
    ...(input.email !== undefined && { email: input.email }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.subject)
    .setIssuer(options.issuer ?? 'streetteam')
    .setAudience(options.audience ?? 'streetteam')
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(new TextEncoder().encode(key));
}
