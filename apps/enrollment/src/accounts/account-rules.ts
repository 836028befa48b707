import { createHash, randomBytes } from 'node:crypto';
import { Role } from '@streetteam/auth';
import { AccountErrorCode, AccountException } from './account.exception';

/** Failed logins in a row that lock an email out (OWASP authentication cheat sheet). */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
export const RESET_TOKEN_TTL_MINUTES = 60;
/** Reset emails per account per hour: more would let anyone flood someone's inbox. */
export const MAX_RESETS_PER_HOUR = 3;
export const MIN_PASSWORD_LENGTH = 12;
// argon2 hashes anything, but a megabyte password is a denial of service, not a secret.
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_EMAIL_LENGTH = 254;

export const STAFF_ROLES: readonly Role[] = [Role.MARKETING_OPS, Role.FINANCE, Role.SUPPORT_AGENT, Role.ADMIN];

// Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is the mailer's test.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Emails compare case-insensitively: the canonical form is trimmed and lower-cased. */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw new AccountException(AccountErrorCode.INVALID_EMAIL, `email "${raw.slice(0, 80)}" is not a valid email address`);
  }
  return email;
}

/** Length is what makes a password strong (NIST SP 800-63B); no composition rules. */
export function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new AccountException(
      AccountErrorCode.WEAK_PASSWORD,
      `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
    );
  }
  return password;
}

/** Staff accounts hold staff roles only: ambassadors get their account by being approved. */
export function checkStaffRoles(roles: readonly Role[]): Role[] {
  const unique = [...new Set(roles)];
  if (unique.length === 0 || unique.some((role) => !STAFF_ROLES.includes(role))) {
    throw new AccountException(AccountErrorCode.INVALID_ROLES, `roles must be one or more of ${STAFF_ROLES.join(', ')}`);
  }
  return unique;
}

export interface LoginFailures {
  failedAttempts: number;
  lockedUntil: Date | null;
  lastFailedAt: Date | null;
}

/** Failures older than this are forgiven: four typos spread over months don't add up to a lock-out. */
export const FAILURE_MEMORY_HOURS = 24;

/** Whole minutes (rounded up) an email stays locked out, or 0 when it may try. */
export function lockoutMinutesLeft(state: LoginFailures, now: Date): number {
  if (!state.lockedUntil || state.lockedUntil <= now) return 0;
  return Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 60000);
}

/**
 * The state after one more wrong password: the fifth in a row (within a day of the
 * previous one) locks for 15 minutes; an expired lock or a day without failures starts over.
 */
export function afterFailedLogin(state: LoginFailures, now: Date): LoginFailures {
  const expired = state.lockedUntil !== null && state.lockedUntil <= now;
  const forgotten = state.lastFailedAt !== null && now.getTime() - state.lastFailedAt.getTime() >= FAILURE_MEMORY_HOURS * 3600000;
  const failedAttempts = (expired || forgotten ? 0 : state.failedAttempts) + 1;
  const lockedUntil = failedAttempts >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60000) : null;
  return { failedAttempts, lockedUntil, lastFailedAt: now };
}

export interface ResetToken {
  /** Sent to the owner, never stored. */
  token: string;
  /** Stored: a 256-bit random token needs no slow hash, only not being readable from the table. */
  tokenHash: string;
  expiresAt: Date;
}

export function hashResetToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newResetToken(now: Date): ResetToken {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashResetToken(token), expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MINUTES * 60000) };
}
