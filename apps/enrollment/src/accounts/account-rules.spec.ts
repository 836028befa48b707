import { Role } from '@streetteam/auth';
import {
  afterFailedLogin,
  checkPassword,
  checkStaffRoles,
  hashResetToken,
  lockoutMinutesLeft,
  newResetToken,
  normalizeEmail,
} from './account-rules';
import { AccountErrorCode } from './account.exception';

const now = new Date('2026-11-23T12:00:00.000Z');
const minutesLater = (minutes: number) => new Date(now.getTime() + minutes * 60000);

describe('normalizeEmail', () => {
  it('trims and lower-cases an email when it is valid', () => {
    expect(normalizeEmail('  Ana.Silva@Example.COM ')).toBe('ana.silva@example.com');
  });

  it('refuses an email without a domain, naming it', () => {
    expect(() => normalizeEmail('ana@localhost')).toThrow(expect.objectContaining({ code: AccountErrorCode.INVALID_EMAIL, message: expect.stringContaining('ana@localhost') }));
  });

  it('refuses an email longer than 254 characters', () => {
    expect(() => normalizeEmail(`${'a'.repeat(250)}@b.co`)).toThrow(expect.objectContaining({ code: AccountErrorCode.INVALID_EMAIL }));
  });
});

describe('checkPassword', () => {
  it('accepts a long passphrase without symbols', () => {
    expect(checkPassword('correct horse battery')).toBe('correct horse battery');
  });

  it('refuses a password shorter than 12 characters', () => {
    expect(() => checkPassword('short')).toThrow(expect.objectContaining({ code: AccountErrorCode.WEAK_PASSWORD }));
  });
});

describe('checkStaffRoles', () => {
  it('removes repeated roles when all are staff roles', () => {
    expect(checkStaffRoles([Role.FINANCE, Role.FINANCE, Role.ADMIN])).toEqual([Role.FINANCE, Role.ADMIN]);
  });

  it('refuses the ambassador role: ambassadors are approved, not created', () => {
    expect(() => checkStaffRoles([Role.AMBASSADOR])).toThrow(expect.objectContaining({ code: AccountErrorCode.INVALID_ROLES }));
  });

  it('refuses an empty role list', () => {
    expect(() => checkStaffRoles([])).toThrow(expect.objectContaining({ code: AccountErrorCode.INVALID_ROLES }));
  });
});

describe('login lock-out', () => {
  it('does not lock after four failures', () => {
    let state = { failedAttempts: 0, lockedUntil: null as Date | null, lastFailedAt: null as Date | null };
    for (let i = 0; i < 4; i++) state = afterFailedLogin(state, now);
    expect(state).toEqual({ failedAttempts: 4, lockedUntil: null, lastFailedAt: now });
    expect(lockoutMinutesLeft(state, now)).toBe(0);
  });

  it('locks for 15 minutes on the fifth failure in a row', () => {
    const state = afterFailedLogin({ failedAttempts: 4, lockedUntil: null, lastFailedAt: minutesLater(-1) }, now);
    expect(state.lockedUntil).toEqual(minutesLater(15));
    expect(lockoutMinutesLeft(state, minutesLater(1))).toBe(14);
    expect(lockoutMinutesLeft(state, minutesLater(15))).toBe(0);
  });

  it('starts counting again when the lock has expired', () => {
    expect(afterFailedLogin({ failedAttempts: 5, lockedUntil: minutesLater(-1), lastFailedAt: minutesLater(-16) }, now)).toEqual({ failedAttempts: 1, lockedUntil: null, lastFailedAt: now });
  });

  it('forgets failures after a day without any', () => {
    expect(afterFailedLogin({ failedAttempts: 4, lockedUntil: null, lastFailedAt: minutesLater(-24 * 60) }, now)).toEqual({ failedAttempts: 1, lockedUntil: null, lastFailedAt: now });
  });
});

describe('reset tokens', () => {
  it('stores only a hash of the token and expires it after an hour', () => {
    const reset = newResetToken(now);
    expect(reset.tokenHash).toBe(hashResetToken(reset.token));
    expect(reset.tokenHash).not.toContain(reset.token);
    expect(reset.expiresAt).toEqual(minutesLater(60));
  });

  it('makes a different token each time', () => {
    expect(newResetToken(now).token).not.toBe(newResetToken(now).token);
  });
});
