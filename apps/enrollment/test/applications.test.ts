import { Client } from 'pg';
import { Role } from '@streetteam/auth';
import {
  AmbassadorStatusChangedPayload,
  ApplicationDecidedPayload,
  ApplicationSubmittedPayload,
  PasswordResetRequestedPayload,
  ReferralCodeChangedPayload,
  Topics,
} from '@streetteam/contracts';
import { testDatabaseUrl } from '@streetteam/testing';
import { EnrollmentTestApp, GraphQLAnswer } from './enrollment-test-app';

const ops = { subject: 'olga-ops', roles: [Role.MARKETING_OPS] };
const admin = { subject: 'adam-admin', roles: [Role.ADMIN] };

const CREATE_PROGRAM = `mutation ($name: String!) { createProgram(input: { name: $name, currency: "USD", guaranteeWindowDays: 30 }) { id } }`;
const SET_RULES = `mutation ($programId: ID!, $rules: SelectionRulesInput!) { setSelectionRules(programId: $programId, rules: $rules) { version autoApproveScore capacity requiredQuestions { key prompt } } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { applicantToken application { id status programId reasonForApplicant } } }`;
const MY_APPLICATION = `query ($token: String!) { myApplication(applicantToken: $token) { id status decidedAt reasonForApplicant } }`;
const WITHDRAW = `mutation ($token: String!) { withdrawApplication(applicantToken: $token) { status } }`;
const APPLICATION = `query ($id: ID!) { application(id: $id) { id status score ruleVersion ruleResults { rule passed detail } decidedBy decidedAt decisionNote reasonForApplicant ambassadorId email } }`;
const START_REVIEW = `mutation ($id: ID!) { startReview(id: $id) { status } }`;
const DECIDE = `mutation ($input: DecideApplicationInput!) { decideApplication(input: $input) { status decidedBy decisionNote reasonForApplicant ambassadorId } }`;
const AMBASSADOR = `query ($id: ID!) { ambassador(id: $id) { id status referralCode email programId } }`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token account { ambassadorId roles } } }`;
const RESET = `mutation ($token: String!, $newPassword: String!) { resetPassword(token: $token, newPassword: $newPassword) }`;

interface Submitted {
  submitApplication: { applicantToken: string; application: { id: string; status: string; programId: string; reasonForApplicant: string | null } } | null;
}
interface ReviewerView {
  application: {
    id: string;
    status: string;
    score: number;
    ruleVersion: number;
    ruleResults: Array<{ rule: string; passed: boolean; detail: string }>;
    decidedBy: string | null;
    decisionNote: string | null;
    reasonForApplicant: string | null;
    ambassadorId: string | null;
    email: string;
  };
}

describe('enrollment applications and selection', () => {
  const enrollment = new EnrollmentTestApp();
  let db: Client;
  let address = 0;
  let selective: string; // auto-approves a full score, takes 1 ambassador
  let reviewed: string; // default rules: every application reviewed

  async function createProgram(name: string): Promise<string> {
    const created = await enrollment.graphql<{ createProgram: { id: string } }>(CREATE_PROGRAM, { name }, ops);
    expect(created.errors).toBeUndefined();
    return created.data!.createProgram.id;
  }

  const application = (programId: string, email: string, overrides: Record<string, unknown> = {}) => ({
    programId,
    email,
    name: 'Ana Silva',
    country: 'US',
    socialHandles: ['@ana'],
    answers: [],
    priorOrders: 3,
    customerSince: '2024-01-15',
    acceptedTerms: true,
    ...overrides,
  });

  // Each submission comes from its own address unless a test says otherwise, so the
  // per-address limit only bites where it is under test.
  const submit = (input: Record<string, unknown>, from = `10.0.${Math.floor(++address / 250)}.${address % 250}`) =>
    enrollment.graphql<Submitted>(SUBMIT, { input }, undefined, { 'x-forwarded-for': from });

  const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  beforeAll(async () => {
    await enrollment.start();
    // Behind a proxy (the gateway, a load balancer) the client address is in X-Forwarded-For.
    enrollment.app.getHttpAdapter().getInstance().set('trust proxy', 'loopback');
    db = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${enrollment.schema}` });
    await db.connect();
    selective = await createProgram('Selective crew');
    const rules = await enrollment.graphql(
      SET_RULES,
      {
        programId: selective,
        rules: { minPriorOrders: 2, minAccountAgeDays: 30, allowedCountries: ['us', 'CA'], requiredQuestions: [{ key: 'why', prompt: 'Why us?' }], autoApproveScore: 100, capacity: 1, reapplyCooldownDays: 30 },
      },
      ops,
    );
    expect(rules).toEqual({ data: { setSelectionRules: { version: 1, autoApproveScore: 100, capacity: 1, requiredQuestions: [{ key: 'why', prompt: 'Why us?' }] } } });
    reviewed = await createProgram('Reviewed crew');
  });

  afterAll(async () => {
    await db?.end();
    await enrollment.stop();
  });

  describe('apply → auto-approve → ambassador with an account', () => {
    let ambassadorId: string;
    let applicationId: string;

    it('approves a full-score application at once and publishes every step', async () => {
      const submitted = await submit(application(selective, 'Keen.Kim@example.com', { name: 'Kim Keen', answers: [{ questionKey: 'why', answer: 'I wear it daily' }] }));
      expect(submitted.errors).toBeUndefined();
      const { application: outcome } = submitted.data!.submitApplication!;
      applicationId = outcome.id;
      expect(outcome.status).toBe('APPROVED');

      const view = (await enrollment.graphql<ReviewerView>(APPLICATION, { id: applicationId }, ops)).data!.application;
      expect(view).toMatchObject({ score: 100, ruleVersion: 1, decidedBy: 'auto-approve', email: 'keen.kim@example.com' });
      expect(view.ruleResults.map((r) => r.rule)).toEqual(['PRIOR_ORDERS', 'ACCOUNT_AGE', 'COUNTRY', 'REQUIRED_QUESTIONS']);
      ambassadorId = view.ambassadorId!;

      const [submittedEvent] = await enrollment.events<ApplicationSubmittedPayload>(Topics.enrollmentApplications, (e) => e.type === 'ApplicationSubmitted' && e.payload.applicationId === applicationId);
      expect(submittedEvent.value!.payload).toMatchObject({ programId: selective, ruleVersion: 1, score: 100, status: 'APPROVED' });
      const [decided] = await enrollment.events<ApplicationDecidedPayload>(Topics.enrollmentApplications, (e) => e.type === 'ApplicationDecided' && e.payload.applicationId === applicationId);
      expect(decided.value!.payload).toMatchObject({ decision: 'APPROVED', decidedBy: 'auto-approve', ambassadorId });
      // The program requires no training, so the new ambassador is activated at once.
      const ambassadorEvents = await enrollment.events<AmbassadorStatusChangedPayload | ReferralCodeChangedPayload>(Topics.enrollmentAmbassadors, (e) => e.payload.ambassadorId === ambassadorId, 4);
      expect(ambassadorEvents.map((m) => `${m.value!.type} ${'to' in m.value!.payload ? m.value!.payload.to : ''}`.trim())).toEqual([
        'AmbassadorStatusChanged ONBOARDING',
        'ReferralCodeChanged',
        'AmbassadorStatusChanged ACTIVE',
        'AmbassadorActivated',
      ]);
      expect(ambassadorEvents.every((m) => m.key === ambassadorId)).toBe(true);
    });

    it('lets the new ambassador set a password from the event, log in and see only themselves', async () => {
      const [invitation] = await enrollment.events<PasswordResetRequestedPayload>(Topics.enrollmentAccounts, (e) => e.payload.email === 'keen.kim@example.com');
      expect(invitation.value!.payload.purpose).toBe('NEW_ACCOUNT');
      expect((await enrollment.graphql(RESET, { token: invitation.value!.payload.token, newPassword: 'kim keen passphrase' })).errors).toBeUndefined();
      const login = await enrollment.graphql<{ login: { token: string; account: { ambassadorId: string; roles: string[] } } }>(LOGIN, { email: 'keen.kim@example.com', password: 'kim keen passphrase' });
      expect(login.data!.login.account).toEqual({ ambassadorId, roles: ['AMBASSADOR'] });
      const token = login.data!.login.token;

      const me = await enrollment.graphql<{ ambassador: { status: string; referralCode: string } }>(AMBASSADOR, { id: ambassadorId }, token);
      expect(me.errors).toBeUndefined();
      expect(me.data!.ambassador.status).toBe('ACTIVE');
      expect(me.data!.ambassador.referralCode).toMatch(/^KIMKEE-[A-Z2-9]{4}$/);

      const someoneElse = await enrollment.graphql(AMBASSADOR, { id: '00000000-0000-4000-8000-000000000099' }, token);
      expect(someoneElse.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it('waitlists the next full-score applicant because the program is full, and refuses to approve past capacity', async () => {
      const submitted = await submit(application(selective, 'second.sam@example.com', { answers: [{ questionKey: 'why', answer: 'Because' }] }));
      expect(submitted.data!.submitApplication!.application.status).toBe('WAITLISTED');
      const id = submitted.data!.submitApplication!.application.id;
      const approve = await enrollment.graphql(DECIDE, { input: { applicationId: id, decision: 'APPROVED', note: 'great fit' } }, ops);
      expect(approve.errors?.[0]).toMatchObject({ message: expect.stringMatching(/program is full \(capacity 1\)/), extensions: { code: 'CONFLICT', reason: 'CAPACITY_FULL' } });
      expect((await enrollment.graphql<ReviewerView>(APPLICATION, { id }, ops)).data!.application.status).toBe('WAITLISTED');
    });

    it('refuses a second application from an ambassador of the program', async () => {
      const again = await submit(application(selective, 'keen.kim@example.com', { answers: [{ questionKey: 'why', answer: 'more' }] }));
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_AMBASSADOR' });
    });
  });

  describe('review by marketing ops', () => {
    it('keeps a low score for review, shows why, and tells the applicant only the shared reason', async () => {
      const submitted = await submit(application(selective, 'low.lou@example.com', { country: 'FR', priorOrders: 0 }));
      const { applicantToken, application: outcome } = submitted.data!.submitApplication!;
      expect(outcome.status).toBe('SUBMITTED');
      const view = (await enrollment.graphql<ReviewerView>(APPLICATION, { id: outcome.id }, ops)).data!.application;
      expect(view.score).toBe(25);
      expect(view.ruleResults.filter((r) => !r.passed)).toEqual([
        { rule: 'PRIOR_ORDERS', passed: false, detail: '0 prior order(s); at least 2 required' },
        { rule: 'COUNTRY', passed: false, detail: 'FR; allowed: US, CA' },
        { rule: 'REQUIRED_QUESTIONS', passed: false, detail: 'unanswered: why' },
      ]);

      expect((await enrollment.graphql(START_REVIEW, { id: outcome.id }, ops)).data).toEqual({ startReview: { status: 'UNDER_REVIEW' } });
      const decided = await enrollment.graphql(DECIDE, { input: { applicationId: outcome.id, decision: 'REJECTED', note: 'outside our markets', reasonForApplicant: 'We only take ambassadors in the US and Canada for now.' } }, ops);
      expect(decided.data).toEqual({ decideApplication: { status: 'REJECTED', decidedBy: 'olga-ops', decisionNote: 'outside our markets', reasonForApplicant: 'We only take ambassadors in the US and Canada for now.', ambassadorId: null } });
      const [event] = await enrollment.events<ApplicationDecidedPayload>(Topics.enrollmentApplications, (e) => e.type === 'ApplicationDecided' && e.payload.applicationId === outcome.id);
      expect(event.value!.payload).toMatchObject({ decision: 'REJECTED', decidedBy: 'olga-ops' });

      const seen = await enrollment.graphql<{ myApplication: Record<string, unknown> }>(MY_APPLICATION, { token: applicantToken });
      expect(seen.data!.myApplication).toMatchObject({ status: 'REJECTED', reasonForApplicant: 'We only take ambassadors in the US and Canada for now.' });
      expect(seen.data!.myApplication).not.toHaveProperty('decisionNote');

      const again = await submit(application(selective, 'low.lou@example.com', { answers: [{ questionKey: 'why', answer: 'please' }] }));
      expect(again.errors?.[0]).toMatchObject({ message: expect.stringMatching(/may apply to this program again from 20/), extensions: { code: 'CONFLICT', reason: 'COOLING_DOWN' } });
    });

    it('refuses to decide an application twice', async () => {
      const submitted = await submit(application(reviewed, 'twice.tom@example.com'));
      const id = submitted.data!.submitApplication!.application.id;
      await enrollment.graphql(DECIDE, { input: { applicationId: id, decision: 'REJECTED', note: 'no' } }, ops);
      const again = await enrollment.graphql(DECIDE, { input: { applicationId: id, decision: 'APPROVED', note: 'yes after all' } }, ops);
      expect(again.errors?.[0]).toMatchObject({ message: "an application that is REJECTED can't become APPROVED", extensions: { code: 'CONFLICT', reason: 'INVALID_TRANSITION' } });
    });

    it('approves from review into an ambassador, active at once when the program requires no training', async () => {
      const submitted = await submit(application(reviewed, 'rev.rae@example.com', { name: 'Rae Rev' }));
      const id = submitted.data!.submitApplication!.application.id;
      const decided = await enrollment.graphql<{ decideApplication: { ambassadorId: string } }>(DECIDE, { input: { applicationId: id, decision: 'APPROVED', note: 'strong socials' } }, admin);
      const ambassadorId = decided.data!.decideApplication.ambassadorId;
      const ambassador = await enrollment.graphql(AMBASSADOR, { id: ambassadorId }, { subject: 'sue', roles: [Role.SUPPORT_AGENT] });
      expect(ambassador.data).toMatchObject({ ambassador: { status: 'ACTIVE', email: 'rev.rae@example.com', programId: reviewed } });
    });

    it('judges each application by the rule version in force when it was submitted', async () => {
      const program = await createProgram('Versioned crew');
      const before = await submit(application(program, 'early.eve@example.com'));
      await enrollment.graphql(SET_RULES, { programId: program, rules: { minPriorOrders: 50 } }, ops);
      const after = await submit(application(program, 'late.leo@example.com'));
      const earlyView = (await enrollment.graphql<ReviewerView>(APPLICATION, { id: before.data!.submitApplication!.application.id }, ops)).data!.application;
      const lateView = (await enrollment.graphql<ReviewerView>(APPLICATION, { id: after.data!.submitApplication!.application.id }, ops)).data!.application;
      expect([earlyView.ruleVersion, earlyView.score]).toEqual([0, 100]);
      expect([lateView.ruleVersion, lateView.score]).toEqual([1, 75]);
    });

    it('lists applications filtered by status, page by page', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: GraphQLAnswer<{ applications: { edges: Array<{ node: { status: string; email: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }> =
          await enrollment.graphql(`query ($after: String) { applications(first: 1, status: REJECTED, after: $after) { edges { node { status email } } pageInfo { hasNextPage endCursor } } }`, { after }, ops);
        seen.push(...page.data!.applications.edges.map((e) => `${e.node.status} ${e.node.email}`));
        after = page.data!.applications.pageInfo.hasNextPage ? page.data!.applications.pageInfo.endCursor : null;
      } while (after);
      expect(seen.sort()).toEqual(['REJECTED low.lou@example.com', 'REJECTED twice.tom@example.com']);
    });
  });

  describe('one open application per email, withdrawal and rate limits', () => {
    it('refuses a second open application for the same email in another case, writing nothing', async () => {
      await submit(application(reviewed, 'dup.dan@example.com'));
      const before = await count('applications');
      const again = await submit(application(selective, 'DUP.Dan@Example.com'));
      expect(again.errors?.[0]).toMatchObject({ message: 'this email already has an open application: wait for its decision or withdraw it', extensions: { code: 'CONFLICT', reason: 'DUPLICATE_APPLICATION' } });
      expect(await count('applications')).toBe(before);
    });

    it('lets the applicant withdraw with their token, then apply again', async () => {
      const first = await submit(application(reviewed, 'with.wes@example.com'));
      const withdrawn = await enrollment.graphql(WITHDRAW, { token: first.data!.submitApplication!.applicantToken });
      expect(withdrawn.data).toEqual({ withdrawApplication: { status: 'WITHDRAWN' } });
      const twice = await enrollment.graphql(WITHDRAW, { token: first.data!.submitApplication!.applicantToken });
      expect(twice.errors?.[0].extensions.reason).toBe('INVALID_TRANSITION');
      const again = await submit(application(reviewed, 'with.wes@example.com'));
      expect(again.data!.submitApplication!.application.status).toBe('SUBMITTED');
    });

    it('limits submissions per address to 10 an hour, with a clear error', async () => {
      const from = '203.0.113.7';
      for (let i = 0; i < 10; i++) expect((await submit(application(reviewed, `flood${i}@example.com`), from)).errors).toBeUndefined();
      const before = await count('applications');
      const refused = await submit(application(reviewed, 'flood10@example.com'), from);
      expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/too many applications from this address: at most 10 an hour/), extensions: { code: 'FORBIDDEN', reason: 'RATE_LIMITED', retryAfterSeconds: 3600 } });
      expect(await count('applications')).toBe(before);
      expect((await submit(application(reviewed, 'flood10@example.com'))).errors).toBeUndefined();
    });

    it('limits submissions per email to 3 a day', async () => {
      for (let i = 0; i < 3; i++) {
        const submitted = await submit(application(reviewed, 'often.oz@example.com'));
        await enrollment.graphql(WITHDRAW, { token: submitted.data!.submitApplication!.applicantToken });
      }
      const refused = await submit(application(reviewed, 'often.oz@example.com'));
      expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/too many applications for this email: at most 3 a day/), extensions: { reason: 'RATE_LIMITED' } });
    });
  });

  describe('bad input gets a clear error with a code and writes nothing', () => {
    async function expectRefused(input: Record<string, unknown>, code: string, message: RegExp, reason?: string) {
      // The relay empties the outbox as it publishes, so rows written are counted where they stay.
      const before = [await count('applications'), await count('ambassadors'), await count('accounts')];
      const result = await submit(input);
      expect(result.data?.submitApplication ?? null).toBeNull();
      expect(result.errors?.[0].extensions.code).toBe(code);
      if (reason) expect(result.errors?.[0].extensions.reason).toBe(reason);
      expect(result.errors?.[0].message).toMatch(message);
      expect([await count('applications'), await count('ambassadors'), await count('accounts')]).toEqual(before);
    }

    it('refuses a malformed email, naming it', () => expectRefused(application(reviewed, 'not-an-email'), 'BAD_USER_INPUT', /email "not-an-email" is not a valid email address/, 'INVALID_INPUT'));
    it('refuses an oversize name', () => expectRefused(application(reviewed, 'big@example.com', { name: 'x'.repeat(121) }), 'BAD_USER_INPUT', /name must be shorter than or equal to 120 characters/));
    it('refuses an oversize answer', () => expectRefused(application(selective, 'big2@example.com', { answers: [{ questionKey: 'why', answer: 'x'.repeat(2001) }] }), 'BAD_USER_INPUT', /answer must be shorter than or equal to 2000/));
    it('refuses too many social handles', () => expectRefused(application(reviewed, 'big3@example.com', { socialHandles: ['a', 'b', 'c', 'd', 'e', 'f'] }), 'BAD_USER_INPUT', /socialHandles must contain no more than 5 elements/));
    it('refuses an unknown program', () => expectRefused(application('00000000-0000-4000-8000-000000000000', 'lost@example.com'), 'NOT_FOUND', /program 00000000-0000-4000-8000-000000000000 does not exist/, 'UNKNOWN_PROGRAM'));
    it('refuses a program id that is not an id', () => expectRefused(application('spring', 'lost2@example.com'), 'BAD_USER_INPUT', /programId must be a program id/));
    it('refuses an answer to a question the program does not ask', () => expectRefused(application(selective, 'odd@example.com', { answers: [{ questionKey: 'shoe_size', answer: '42' }] }), 'BAD_USER_INPUT', /"shoe_size" is not a question of this program \(its questions: why\)/, 'UNKNOWN_QUESTION'));
    it('refuses a date in the wrong format', () => expectRefused(application(reviewed, 'date@example.com', { customerSince: '15/01/2024' }), 'BAD_USER_INPUT', /customerSince "15\/01\/2024" must be a date as YYYY-MM-DD/, 'INVALID_INPUT'));
    it('refuses a country that is not a code', () => expectRefused(application(reviewed, 'where@example.com', { country: 'U1' }), 'BAD_USER_INPUT', /country "U1" is not an ISO 3166-1 alpha-2 code/));
    it('refuses an application without consent to the terms', () => expectRefused(application(reviewed, 'consent@example.com', { acceptedTerms: false }), 'BAD_USER_INPUT', /acceptedTerms must be true/, 'TERMS_NOT_ACCEPTED'));
    it('refuses a negative order count', () => expectRefused(application(reviewed, 'neg@example.com', { priorOrders: -1 }), 'BAD_USER_INPUT', /priorOrders must not be less than 0/));

    it('refuses selection rules with a bad country, keeping the version in force', async () => {
      const result = await enrollment.graphql(SET_RULES, { programId: reviewed, rules: { allowedCountries: ['XX', 'u1'] } }, ops);
      expect(result.errors?.[0]).toMatchObject({ message: 'allowedCountries: "U1" is not an ISO 3166-1 alpha-2 code', extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_RULES' } });
      const rules = await enrollment.graphql<{ selectionRules: { version: number } }>(`query ($id: ID!) { selectionRules(programId: $id) { version } }`, { id: reviewed });
      expect(rules.data!.selectionRules.version).toBe(0);
    });

    it('answers NOT_FOUND for an applicant token that is not one', async () => {
      const result = await enrollment.graphql(MY_APPLICATION, { token: 'made-up-token' });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('who may do what', () => {
    const everyone: Array<Role | undefined> = [undefined, Role.AMBASSADOR, Role.MARKETING_OPS, Role.FINANCE, Role.SUPPORT_AGENT, Role.ADMIN];
    const as = (role: Role | undefined) => (role ? { subject: `${role.toLowerCase()}-matrix`, roles: [role], ...(role === Role.AMBASSADOR && { ambassadorId: '00000000-0000-4000-8000-0000000000aa' }) } : undefined);
    const refusal = (role: Role | undefined) => (role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    const reviewers = new Set([Role.MARKETING_OPS, Role.ADMIN]);
    const staff = new Set([Role.MARKETING_OPS, Role.ADMIN, Role.SUPPORT_AGENT, Role.FINANCE]);
    let openId: string;
    let openToken: string;
    let ambassadorId: string;

    beforeAll(async () => {
      const submitted = await submit(application(reviewed, 'matrix.mo@example.com'));
      openId = submitted.data!.submitApplication!.application.id;
      openToken = submitted.data!.submitApplication!.applicantToken;
      const other = await submit(application(reviewed, 'matrix.amb@example.com'));
      const decided = await enrollment.graphql<{ decideApplication: { ambassadorId: string } }>(DECIDE, { input: { applicationId: other.data!.submitApplication!.application.id, decision: 'APPROVED', note: 'ok' } }, ops);
      ambassadorId = decided.data!.decideApplication.ambassadorId;
    });

    function expectAllowedOnlyFor(allowed: (role: Role | undefined) => boolean, role: Role | undefined, result: GraphQLAnswer<unknown>) {
      const code = result.errors?.[0]?.extensions.code;
      if (allowed(role)) expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(code);
      else expect(code).toBe(refusal(role));
    }

    it.each(everyone)('setSelectionRules as %s: marketing ops and admins', async (role) => {
      expectAllowedOnlyFor((r) => r !== undefined && reviewers.has(r), role, await enrollment.graphql(SET_RULES, { programId: reviewed, rules: { reapplyCooldownDays: 30 } }, as(role)));
    });

    it.each(everyone)('selectionRules, submitApplication, myApplication as %s: anyone', async (role) => {
      expect((await enrollment.graphql(`query ($id: ID!) { selectionRules(programId: $id) { version } }`, { id: reviewed }, as(role))).errors).toBeUndefined();
      const submitted = await enrollment.graphql(SUBMIT, { input: application(reviewed, `matrix.${role ?? 'anon'}@example.com`.toLowerCase()) }, as(role), { 'x-forwarded-for': `198.51.100.${everyone.indexOf(role)}` });
      expect(submitted.errors).toBeUndefined();
      expect((await enrollment.graphql(MY_APPLICATION, { token: openToken }, as(role))).errors).toBeUndefined();
    });

    it.each(everyone)('applications, application, startReview, decideApplication as %s: marketing ops and admins', async (role) => {
      const allowed = (r: Role | undefined) => r !== undefined && reviewers.has(r);
      expectAllowedOnlyFor(allowed, role, await enrollment.graphql(`{ applications { edges { cursor } } }`, {}, as(role)));
      expectAllowedOnlyFor(allowed, role, await enrollment.graphql(APPLICATION, { id: openId }, as(role)));
      // A transition that is refused for its state still proves the caller got past the guard.
      expectAllowedOnlyFor(allowed, role, await enrollment.graphql(START_REVIEW, { id: openId }, as(role)));
      expectAllowedOnlyFor(allowed, role, await enrollment.graphql(DECIDE, { input: { applicationId: openId, decision: 'WAITLISTED', note: 'matrix' } }, as(role)));
    });

    it.each(everyone)('ambassadors as %s: staff only', async (role) => {
      expectAllowedOnlyFor((r) => r !== undefined && staff.has(r), role, await enrollment.graphql(`{ ambassadors(status: ACTIVE) { edges { node { id status } } } }`, {}, as(role)));
    });

    it.each(everyone)("ambassador(id) of someone else as %s: staff only, never another ambassador", async (role) => {
      expectAllowedOnlyFor((r) => r !== undefined && staff.has(r), role, await enrollment.graphql(AMBASSADOR, { id: ambassadorId }, as(role)));
    });

    it('withdrawApplication is the applicant\'s, by token, whoever calls', async () => {
      // Waitlisted by the matrix above: still open, so the applicant may withdraw it.
      expect((await enrollment.graphql(WITHDRAW, { token: openToken }, as(Role.FINANCE))).data).toEqual({ withdrawApplication: { status: 'WITHDRAWN' } });
      expect((await enrollment.graphql(WITHDRAW, { token: 'someone-elses-token' }, as(Role.AMBASSADOR))).errors?.[0].extensions.code).toBe('NOT_FOUND');
    });
  });
});
