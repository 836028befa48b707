import { Client } from 'pg';
import { Role } from '@streetteam/auth';
import { PasswordResetRequestedPayload, Topics } from '@streetteam/contracts';
import { testDatabaseUrl } from '@streetteam/testing';
import { createStaffAccountFromCli } from '../src/accounts/cli/create-staff-account-cli';
import { EnrollmentTestApp } from './enrollment-test-app';

interface AccountNode {
  id: string;
  email: string;
  roles: Role[];
}
interface LoginData {
  login: { token: string; expiresAt: string; account: AccountNode } | null;
}

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt account { id email roles } } }`;
const CREATE_STAFF = `mutation ($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) { id email roles } }`;
const REQUEST_RESET = `mutation ($email: String!) { requestPasswordReset(email: $email) }`;
const RESET = `mutation ($token: String!, $newPassword: String!) { resetPassword(token: $token, newPassword: $newPassword) }`;
const MY_ACCOUNT = `{ myAccount { id email roles ambassadorId } }`;

describe('enrollment accounts and login', () => {
  const enrollment = new EnrollmentTestApp();
  const adminEmail = 'first.admin@streetteam.test';
  const adminPassword = 'a long admin passphrase';
  let adminToken: string;
  let db: Client;

  beforeAll(async () => {
    await enrollment.start();
    // The first admin of a deployment comes from the CLI; everyone else from that admin.
    await createStaffAccountFromCli(['--email', adminEmail, '--role', 'ADMIN'], {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: enrollment.schema,
      STAFF_ACCOUNT_PASSWORD: adminPassword,
    });
    const login = await enrollment.graphql<LoginData>(LOGIN, { email: adminEmail, password: adminPassword });
    expect(login.errors).toBeUndefined();
    adminToken = login.data!.login!.token;
    db = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${enrollment.schema}` });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await enrollment.stop();
  });

  const accountCount = async () => Number((await db.query('SELECT count(*) AS n FROM accounts')).rows[0].n);

  async function createStaff(email: string, roles: Role[], password = 'staff passphrase 123') {
    return enrollment.graphql<{ createStaffAccount: AccountNode | null }>(CREATE_STAFF, { input: { email, password, roles } }, adminToken);
  }

  it('logs the CLI-made admin in with a token the service itself accepts', async () => {
    const me = await enrollment.graphql<{ myAccount: AccountNode }>(MY_ACCOUNT, {}, adminToken);
    expect(me.errors).toBeUndefined();
    expect(me.data!.myAccount).toMatchObject({ email: adminEmail, roles: [Role.ADMIN] });
  });

  it('lets an admin open a staff account that can then log in, whatever case the email is typed in', async () => {
    const created = await createStaff('Fiona.Finance@StreetTeam.test', [Role.FINANCE]);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createStaffAccount).toMatchObject({ email: 'fiona.finance@streetteam.test', roles: [Role.FINANCE] });
    const login = await enrollment.graphql<LoginData>(LOGIN, { email: 'FIONA.finance@streetteam.test', password: 'staff passphrase 123' });
    expect(login.data!.login!.account.roles).toEqual([Role.FINANCE]);
    const programs = await enrollment.graphql('{ programs { edges { cursor } } }', {}, login.data!.login!.token);
    expect(programs.errors).toBeUndefined();
  });

  it('answers a wrong password and an unknown email with the same error', async () => {
    await createStaff('sam.support@streetteam.test', [Role.SUPPORT_AGENT]);
    const wrongPassword = await enrollment.graphql<LoginData>(LOGIN, { email: 'sam.support@streetteam.test', password: 'not the password' });
    const unknownEmail = await enrollment.graphql<LoginData>(LOGIN, { email: 'nobody@streetteam.test', password: 'not the password' });
    expect(wrongPassword.data?.login ?? null).toBeNull();
    expect(wrongPassword.errors?.[0]).toMatchObject({ message: 'email or password is wrong', extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' } });
    expect(unknownEmail.errors?.[0].message).toBe(wrongPassword.errors?.[0].message);
    expect(unknownEmail.errors?.[0].extensions).toEqual(wrongPassword.errors?.[0].extensions);
  });

  describe('lock-out', () => {
    async function failFiveTimes(email: string) {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await enrollment.graphql<LoginData>(LOGIN, { email, password: `wrong password ${i}` }));
      return answers;
    }

    it('locks an email for 15 minutes after 5 wrong passwords, even against the right one, and says so', async () => {
      await createStaff('olga.ops@streetteam.test', [Role.MARKETING_OPS], 'olga passphrase 123');
      const answers = await failFiveTimes('olga.ops@streetteam.test');
      expect(answers.slice(0, 4).map((a) => a.errors?.[0].extensions.reason)).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
      expect(answers[4].errors?.[0]).toMatchObject({
        message: expect.stringMatching(/too many failed logins .*try again in 15 minutes/),
        extensions: { code: 'FORBIDDEN', reason: 'LOCKED_OUT', retryAfterSeconds: 900 },
      });
      const rightPassword = await enrollment.graphql<LoginData>(LOGIN, { email: 'olga.ops@streetteam.test', password: 'olga passphrase 123' });
      expect(rightPassword.data?.login ?? null).toBeNull();
      expect(rightPassword.errors?.[0].extensions.reason).toBe('LOCKED_OUT');
    });

    it('locks an unknown email the same way, so a lock-out does not reveal an account', async () => {
      const answers = await failFiveTimes('ghost@streetteam.test');
      expect(answers[4].errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'LOCKED_OUT', retryAfterSeconds: 900 } });
    });

    it('forgets failures a day old, so scattered typos never lock anyone out', async () => {
      const email = 'tim.typo@streetteam.test';
      for (let i = 0; i < 4; i++) await enrollment.graphql(LOGIN, { email, password: 'typo typo typo' });
      await db.query(`UPDATE login_failures SET last_failed_at = now() - interval '25 hours' WHERE email = $1`, [email]);
      const fifth = await enrollment.graphql<LoginData>(LOGIN, { email, password: 'typo typo typo' });
      expect(fifth.errors?.[0].extensions.reason).toBe('INVALID_CREDENTIALS');
      expect((await db.query('SELECT failed_attempts FROM login_failures WHERE email = $1', [email])).rows).toEqual([{ failed_attempts: 1 }]);
    });

    it('lets the email in again once the 15 minutes have passed', async () => {
      await createStaff('lena.later@streetteam.test', [Role.SUPPORT_AGENT], 'lena passphrase 123');
      await failFiveTimes('lena.later@streetteam.test');
      // Moving the clock is not possible from outside; moving the lock's end is the same thing.
      await db.query(`UPDATE login_failures SET locked_until = now() - interval '1 second' WHERE email = 'lena.later@streetteam.test'`);
      const login = await enrollment.graphql<LoginData>(LOGIN, { email: 'lena.later@streetteam.test', password: 'lena passphrase 123' });
      expect(login.errors).toBeUndefined();
      expect(login.data!.login!.account.email).toBe('lena.later@streetteam.test');
    });
  });

  describe('password reset', () => {
    it('sends a one-time token through PasswordResetRequested that sets a new password once and lifts a lock-out', async () => {
      const email = 'rita.reset@streetteam.test';
      const created = await createStaff(email, [Role.FINANCE], 'rita old passphrase');
      const accountId = created.data!.createStaffAccount!.id;
      for (let i = 0; i < 5; i++) await enrollment.graphql(LOGIN, { email, password: 'wrong password!!' });

      const asked = await enrollment.graphql<{ requestPasswordReset: boolean }>(REQUEST_RESET, { email: 'Rita.Reset@streetteam.test' });
      expect(asked.data!.requestPasswordReset).toBe(true);
      const [message] = await enrollment.events<PasswordResetRequestedPayload>(Topics.enrollmentAccounts, (e) => e.payload.accountId === accountId);
      expect(message.value).toMatchObject({ type: 'PasswordResetRequested', producer: 'enrollment', key: accountId, payload: { email, purpose: 'RESET' } });
      const { token } = message.value!.payload;
      // Only a hash of the token is kept.
      const stored = await db.query('SELECT token_hash FROM password_resets WHERE account_id = $1', [accountId]);
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0].token_hash).not.toBe(token);

      const reset = await enrollment.graphql<{ resetPassword: boolean }>(RESET, { token, newPassword: 'rita new passphrase' });
      expect(reset.errors).toBeUndefined();
      const login = await enrollment.graphql<LoginData>(LOGIN, { email, password: 'rita new passphrase' });
      expect(login.errors).toBeUndefined();

      const again = await enrollment.graphql<{ resetPassword: boolean }>(RESET, { token, newPassword: 'rita third passphrase' });
      expect(again.errors?.[0]).toMatchObject({ message: expect.stringMatching(/already used/), extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_RESET_TOKEN' } });
      const old = await enrollment.graphql<LoginData>(LOGIN, { email, password: 'rita old passphrase' });
      expect(old.errors?.[0].extensions.reason).toBe('INVALID_CREDENTIALS');
    });

    it('refuses a token past its hour', async () => {
      const email = 'eric.expired@streetteam.test';
      const accountId = (await createStaff(email, [Role.FINANCE])).data!.createStaffAccount!.id;
      await enrollment.graphql(REQUEST_RESET, { email });
      const [message] = await enrollment.events<PasswordResetRequestedPayload>(Topics.enrollmentAccounts, (e) => e.payload.accountId === accountId);
      const { token, expiresAt } = message.value!.payload;
      expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(59 * 60000);
      await db.query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [accountId]);
      const reset = await enrollment.graphql(RESET, { token, newPassword: 'eric new passphrase' });
      expect(reset.errors?.[0].extensions.reason).toBe('INVALID_RESET_TOKEN');
      const login = await enrollment.graphql<LoginData>(LOGIN, { email, password: 'staff passphrase 123' });
      expect(login.errors).toBeUndefined();
    });

    it('sends at most 3 reset emails an hour for one account, answering true all the same', async () => {
      const email = 'flo.flood@streetteam.test';
      const accountId = (await createStaff(email, [Role.FINANCE])).data!.createStaffAccount!.id;
      for (let i = 0; i < 5; i++) {
        expect((await enrollment.graphql<{ requestPasswordReset: boolean }>(REQUEST_RESET, { email })).data).toEqual({ requestPasswordReset: true });
      }
      await enrollment.events<PasswordResetRequestedPayload>(Topics.enrollmentAccounts, (e) => e.payload.accountId === accountId, 3);
      const events = await enrollment.allEvents<PasswordResetRequestedPayload>(Topics.enrollmentAccounts);
      expect(events.filter((e) => e.payload.accountId === accountId)).toHaveLength(3);
    });

    it('answers true for an unknown email and sends nothing', async () => {
      const asked = await enrollment.graphql<{ requestPasswordReset: boolean }>(REQUEST_RESET, { email: 'unknown.person@streetteam.test' });
      expect(asked.data!.requestPasswordReset).toBe(true);
      const events = await enrollment.allEvents<PasswordResetRequestedPayload>(Topics.enrollmentAccounts);
      expect(events.filter((e) => e.payload.email === 'unknown.person@streetteam.test')).toEqual([]);
    });

    it('refuses a made-up token', async () => {
      const reset = await enrollment.graphql(RESET, { token: 'x'.repeat(43), newPassword: 'some new passphrase' });
      expect(reset.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_RESET_TOKEN' });
    });
  });

  describe('bad input gets a clear error with a code and writes nothing', () => {
    async function expectRefused(input: { email: string; password: string; roles: string[] }, reason: string | undefined, message: RegExp) {
      const before = await accountCount();
      const result = await enrollment.graphql<{ createStaffAccount: AccountNode | null }>(CREATE_STAFF, { input }, adminToken);
      expect(result.data?.createStaffAccount ?? null).toBeNull();
      expect(result.errors?.[0].extensions.code).toBe(reason === 'EMAIL_TAKEN' ? 'CONFLICT' : 'BAD_USER_INPUT');
      if (reason) expect(result.errors?.[0].extensions.reason).toBe(reason);
      expect(result.errors?.[0].message).toMatch(message);
      expect(await accountCount()).toBe(before);
    }

    it('refuses a malformed email, naming it', () =>
      expectRefused({ email: 'not-an-email', password: 'good passphrase 1', roles: ['FINANCE'] }, 'INVALID_EMAIL', /email "not-an-email" is not a valid email address/));

    it('refuses an oversize email before anything is hashed', () =>
      expectRefused({ email: `${'a'.repeat(300)}@x.co`, password: 'good passphrase 1', roles: ['FINANCE'] }, undefined, /email must be shorter than or equal to 254 characters/));

    it('refuses a short password, saying how long it must be', () =>
      expectRefused({ email: 'short.pw@streetteam.test', password: 'short', roles: ['FINANCE'] }, 'WEAK_PASSWORD', /password must be 12 to 256 characters/));

    it('refuses an oversize password', () =>
      expectRefused({ email: 'long.pw@streetteam.test', password: 'p'.repeat(257), roles: ['FINANCE'] }, undefined, /password must be shorter than or equal to 256/));

    it('refuses the ambassador role on a staff account', () =>
      expectRefused({ email: 'amb@streetteam.test', password: 'good passphrase 1', roles: ['AMBASSADOR'] }, 'INVALID_ROLES', /roles must be one or more of MARKETING_OPS/));

    it('refuses an unknown role before any resolver runs', async () => {
      const result = await enrollment.graphql(CREATE_STAFF, { input: { email: 'x@streetteam.test', password: 'good passphrase 1', roles: ['OWNER'] } }, adminToken);
      expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/OWNER/);
    });

    it('refuses an email that already has an account in another case as a conflict', () =>
      expectRefused({ email: adminEmail.toUpperCase(), password: 'good passphrase 1', roles: ['FINANCE'] }, 'EMAIL_TAKEN', /already has an account/));

    it('refuses an oversize password at login without hashing it', async () => {
      const result = await enrollment.graphql<LoginData>(LOGIN, { email: adminEmail, password: 'p'.repeat(10000) });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });

  describe('who may do what', () => {
    const everyone: Array<Role | undefined> = [undefined, Role.AMBASSADOR, Role.MARKETING_OPS, Role.FINANCE, Role.SUPPORT_AGENT, Role.ADMIN];
    const as = (role: Role | undefined) => (role ? { subject: `${role.toLowerCase()}-matrix`, roles: [role] } : undefined);
    const refusal = (role: Role | undefined) => (role ? 'FORBIDDEN' : 'UNAUTHENTICATED');

    it.each(everyone)('createStaffAccount as %s: admins only', async (role) => {
      const result = await enrollment.graphql(CREATE_STAFF, { input: { email: `matrix.${role ?? 'anonymous'}@streetteam.test`.toLowerCase(), password: 'matrix passphrase', roles: ['SUPPORT_AGENT'] } }, as(role));
      if (role === Role.ADMIN) expect(result.errors).toBeUndefined();
      else expect(result.errors?.[0].extensions.code).toBe(refusal(role));
    });

    it.each(everyone)('myAccount as %s: anyone logged in, for their own account only', async (role) => {
      const result = await enrollment.graphql<{ myAccount: AccountNode }>(MY_ACCOUNT, {}, as(role));
      // A token whose subject is no account (minted here) is let through, then finds nothing.
      expect(result.errors?.[0].extensions.code).toBe(role ? 'NOT_FOUND' : 'UNAUTHENTICATED');
    });

    it.each(everyone)('login, requestPasswordReset and resetPassword as %s: public', async (role) => {
      const email = `matrix.nobody.${role ?? 'anonymous'}@streetteam.test`.toLowerCase();
      const login = await enrollment.graphql(LOGIN, { email, password: 'matrix passphrase' }, as(role));
      expect(login.errors?.[0].extensions.reason).toBe('INVALID_CREDENTIALS');
      const asked = await enrollment.graphql(REQUEST_RESET, { email }, as(role));
      expect(asked.errors).toBeUndefined();
      const reset = await enrollment.graphql(RESET, { token: 'y'.repeat(43), newPassword: 'matrix passphrase' }, as(role));
      expect(reset.errors?.[0].extensions.reason).toBe('INVALID_RESET_TOKEN');
    });
  });

  describe('with an identity provider (AUTH_JWKS_URL)', () => {
    const jwksEnrollment = new EnrollmentTestApp();
    beforeAll(() => jwksEnrollment.start({ AUTH_DEV_SIGNING_KEY: '', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' }));
    afterAll(() => jwksEnrollment.stop());

    it('refuses password login and says where tokens come from', async () => {
      const result = await jwksEnrollment.graphql<LoginData>(LOGIN, { email: adminEmail, password: adminPassword });
      expect(result.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/identity provider \(AUTH_JWKS_URL\)/),
        extensions: { code: 'FORBIDDEN', reason: 'LOGIN_NOT_AVAILABLE' },
      });
    });
  });
});
