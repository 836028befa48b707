import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { mintToken } from '@streetteam/auth';
import { isUuid, PasswordResetRequested } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { JsonLogger } from '@streetteam/platform';
import { InjectSubgraphConfig, SubgraphServiceConfig } from '@streetteam/subgraph-service';
import {
  afterFailedLogin,
  checkPassword,
  hashResetToken,
  LOCKOUT_MINUTES,
  lockoutMinutesLeft,
  LoginFailures,
  MAX_FAILED_LOGINS,
  MAX_RESETS_PER_HOUR,
  newResetToken,
  normalizeEmail,
} from './account-rules';
import { AccountEntity } from './account.entity';
import { AccountErrorCode, AccountException } from './account.exception';
import { hashPassword, spendVerifyTime, verifyPassword } from './password-hashing';
import { createStaffAccount, NewStaffAccount } from './staff-accounts';

/** Login tokens live an hour; the portal logs in again after that. */
export const LOGIN_TOKEN_TTL_SECONDS = 3600;

export interface LoginResult {
  token: string;
  expiresAt: Date;
  account: AccountEntity;
}

type LoginOutcome =
  | { kind: 'ok'; account: AccountEntity }
  | { kind: 'locked'; minutesLeft: number }
  | { kind: 'failed'; lockedNow: boolean };

@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @InjectSubgraphConfig() private readonly config: SubgraphServiceConfig,
    private readonly logger: JsonLogger,
  ) {}

  createStaffAccount(input: NewStaffAccount, createdBy: string): Promise<AccountEntity> {
    return createStaffAccount(this.dataSource, input, createdBy);
  }

  /**
   * Checks the password and mints a token. Every refusal reads the same whether the email
   * has an account or not; the failure is counted (and committed) before it is reported.
   */
  async login(rawEmail: string, password: string, now = new Date()): Promise<LoginResult> {
    if (this.config.auth.mode !== 'dev') {
      throw new AccountException(
        AccountErrorCode.LOGIN_NOT_AVAILABLE,
        'login with a password is turned off: this deployment verifies tokens from an identity provider (AUTH_JWKS_URL); log in there',
      );
    }
    const signingKey = this.config.auth.devSigningKey;
    const wrong = () => new AccountException(AccountErrorCode.INVALID_CREDENTIALS, 'email or password is wrong');
    let email: string;
    try {
      email = normalizeEmail(rawEmail);
    } catch {
      throw wrong();
    }
    const outcome = await this.dataSource.transaction(async (manager): Promise<LoginOutcome> => {
      const failures = await this.lockFailures(manager, email);
      const minutesLeft = lockoutMinutesLeft(failures, now);
      if (minutesLeft > 0) return { kind: 'locked', minutesLeft };
      const account = await manager.findOneBy(AccountEntity, { email });
      const matches = account?.passwordHash ? await verifyPassword(account.passwordHash, password) : (await spendVerifyTime(password), false);
      if (account && matches) {
        await manager.query('DELETE FROM login_failures WHERE email = $1', [email]);
        return { kind: 'ok', account };
      }
      const next = afterFailedLogin(failures, now);
      await manager.query('UPDATE login_failures SET failed_attempts = $2, locked_until = $3, last_failed_at = $4 WHERE email = $1', [
        email,
        next.failedAttempts,
        next.lockedUntil,
        next.lastFailedAt,
      ]);
      return { kind: 'failed', lockedNow: next.lockedUntil !== null };
    });
    if (outcome.kind === 'locked') throw this.lockedOut(outcome.minutesLeft);
    if (outcome.kind === 'failed') throw outcome.lockedNow ? this.lockedOut(LOCKOUT_MINUTES) : wrong();
    const { account } = outcome;
    const token = await mintToken(
      {
        subject: account.id,
        roles: account.roles,
        email: account.email,
        ambassadorId: account.ambassadorId ?? undefined,
        ttlSeconds: LOGIN_TOKEN_TTL_SECONDS,
      },
      signingKey,
      { issuer: this.config.auth.issuer, audience: this.config.auth.audience },
    );
    return { token, expiresAt: new Date(now.getTime() + LOGIN_TOKEN_TTL_SECONDS * 1000), account };
  }

  /**
   * Always succeeds from the caller's side, so it can't be used to find out who has an
   * account; past 3 requests an hour for one account, it quietly sends nothing more.
   */
  async requestPasswordReset(rawEmail: string, now = new Date()): Promise<void> {
    const email = normalizeEmail(rawEmail);
    await this.dataSource.transaction(async (manager) => {
      const account = await manager.findOne(AccountEntity, { where: { email }, lock: { mode: 'pessimistic_write' } });
      if (!account) return;
      const [recent]: Array<{ n: string }> = await manager.query(
        `SELECT count(*) AS n FROM password_resets WHERE account_id = $1 AND created_at > $2::timestamptz - interval '1 hour'`,
        [account.id, now],
      );
      if (Number(recent.n) >= MAX_RESETS_PER_HOUR) return;
      await this.issueResetToken(manager, account, 'RESET', now);
    });
  }

  /**
   * Writes a one-time token (only its hash is kept) and the event that carries it to the
   * mailer. A newer token replaces older unused ones. Runs in the caller's transaction.
   */
  async issueResetToken(manager: EntityManager, account: AccountEntity, purpose: 'RESET' | 'NEW_ACCOUNT', now = new Date()): Promise<void> {
    const reset = newResetToken(now);
    await manager.query('UPDATE password_resets SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL', [account.id, now]);
    await manager.query('INSERT INTO password_resets (token_hash, account_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [
      reset.tokenHash,
      account.id,
      reset.expiresAt,
      now,
    ]);
    await this.outbox.append(manager, PasswordResetRequested, {
      accountId: account.id,
      email: account.email,
      token: reset.token,
      expiresAt: reset.expiresAt.toISOString(),
      purpose,
    });
    // Without a mailer, development needs the token somewhere; never anywhere else.
    if (this.config.nodeEnv === 'development') {
      this.logger.log(`password ${purpose === 'RESET' ? 'reset' : 'set-up'} link for ${account.email}: reset code ${reset.token} (development only)`, 'AccountService');
    }
  }

  /** Sets a new password with a token from requestPasswordReset: once, within the hour. Clears a lock-out. */
  async resetPassword(token: string, newPassword: string, now = new Date()): Promise<void> {
    const password = checkPassword(newPassword);
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      const [reset]: Array<{ account_id: string }> = await manager.query(
        'SELECT account_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 FOR UPDATE',
        [hashResetToken(token), now],
      );
      if (!reset) {
        throw new AccountException(AccountErrorCode.INVALID_RESET_TOKEN, 'reset token is invalid, expired or already used; request a new one');
      }
      await manager.query('UPDATE password_resets SET used_at = $2 WHERE token_hash = $1', [hashResetToken(token), now]);
      const account = await manager.findOneByOrFail(AccountEntity, { id: reset.account_id });
      await manager.update(AccountEntity, { id: account.id }, { passwordHash });
      await manager.query('DELETE FROM login_failures WHERE email = $1', [account.email]);
    });
  }

  async get(id: string): Promise<AccountEntity> {
    // Token subjects from an identity provider need not be uuids; such an account is not here.
    const account = !isUuid(id) ? null : await this.dataSource.getRepository(AccountEntity).findOneBy({ id });
    if (!account) throw new AccountException(AccountErrorCode.NOT_FOUND, `account ${id} does not exist`);
    return account;
  }

  // The row is made if missing, then locked, so concurrent wrong passwords all count.
  private async lockFailures(manager: EntityManager, email: string): Promise<LoginFailures> {
    await manager.query('INSERT INTO login_failures (email, failed_attempts) VALUES ($1, 0) ON CONFLICT (email) DO NOTHING', [email]);
    const [row]: Array<{ failed_attempts: number; locked_until: Date | null; last_failed_at: Date | null }> = await manager.query(
      'SELECT failed_attempts, locked_until, last_failed_at FROM login_failures WHERE email = $1 FOR UPDATE',
      [email],
    );
    return { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until, lastFailedAt: row.last_failed_at };
  }

  private lockedOut(minutes: number): AccountException {
    return new AccountException(
      AccountErrorCode.LOCKED_OUT,
      `too many failed logins (${MAX_FAILED_LOGINS} in a row): try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset the password`,
      { retryAfterSeconds: minutes * 60 },
    );
  }
}
