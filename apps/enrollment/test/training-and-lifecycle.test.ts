import { Client } from 'pg';
import { MintTokenInput, Role } from '@streetteam/auth';
import { AmbassadorActivatedPayload, AmbassadorStatusChangedPayload, ReferralCodeChangedPayload, Topics } from '@streetteam/contracts';
import { testDatabaseUrl } from '@streetteam/testing';
import { AmbassadorService } from '../src/ambassadors/ambassador.service';
import { EnrollmentTestApp, GraphQLAnswer } from './enrollment-test-app';

const ops = { subject: 'olga-ops', roles: [Role.MARKETING_OPS] };

const CREATE_PROGRAM = `mutation ($name: String!) { createProgram(input: { name: $name, currency: "USD", guaranteeWindowDays: 30 }) { id } }`;
const CREATE_MODULE = `mutation ($input: CreateTrainingModuleInput!) { createTrainingModule(input: $input) { id title required passMark questions { prompt options } } }`;
const MODULES = `query ($programId: ID!) { trainingModules(programId: $programId) { edges { node { id title required questions { prompt options } } } } }`;
const ATTEMPT = `mutation ($moduleId: ID!, $answers: [Int!]!) { submitQuizAttempt(moduleId: $moduleId, answers: $answers) { moduleId score passed ambassadorStatus } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { id } } }`;
const DECIDE = `mutation ($id: ID!) { decideApplication(input: { applicationId: $id, decision: APPROVED, note: "welcome" }) { ambassadorId } }`;
const AMBASSADOR = `query ($id: ID!) { ambassador(id: $id) { id status statusReason referralCode } }`;
const CHANGE_STATUS = `mutation ($input: ChangeAmbassadorStatusInput!) { changeAmbassadorStatus(input: $input) { status statusReason } }`;
const VANITY = `mutation ($id: ID!, $code: String!) { requestVanityCode(ambassadorId: $id, code: $code) { referralCode } }`;

const quiz = [
  { prompt: 'How long is the guarantee?', options: ['30 days', 'One year'], correctOption: 1 },
  { prompt: 'May you pay for reviews?', options: ['Yes', 'No'], correctOption: 1 },
];

describe('enrollment training and the ambassador lifecycle', () => {
  const enrollment = new EnrollmentTestApp();
  let db: Client;
  let address = 0;
  let programId: string;
  let otherProgramId: string;
  let basics: string;
  let conduct: string;
  let optional: string;

  const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const asAmbassador = (ambassadorId: string): MintTokenInput => ({ subject: `account-of-${ambassadorId}`, roles: [Role.AMBASSADOR], ambassadorId });

  async function createModule(input: Record<string, unknown>) {
    return enrollment.graphql<{ createTrainingModule: { id: string } | null }>(CREATE_MODULE, { input: { programId, body: 'Read me.', required: true, passMark: 100, questions: quiz, ...input } }, ops);
  }

  async function newAmbassador(program: string, email: string): Promise<string> {
    const submitted = await enrollment.graphql<{ submitApplication: { application: { id: string } } }>(
      SUBMIT,
      { input: { programId: program, email, name: 'Tia Trainee', country: 'US', priorOrders: 1, acceptedTerms: true } },
      undefined,
      { 'x-forwarded-for': `10.1.0.${++address}` },
    );
    const decided = await enrollment.graphql<{ decideApplication: { ambassadorId: string } }>(DECIDE, { id: submitted.data!.submitApplication.application.id }, ops);
    expect(decided.errors).toBeUndefined();
    return decided.data!.decideApplication.ambassadorId;
  }

  const statusOf = async (id: string) => (await enrollment.graphql<{ ambassador: { status: string } }>(AMBASSADOR, { id }, ops)).data!.ambassador.status;

  beforeAll(async () => {
    await enrollment.start();
    enrollment.app.getHttpAdapter().getInstance().set('trust proxy', 'loopback');
    db = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${enrollment.schema}` });
    await db.connect();
    programId = (await enrollment.graphql<{ createProgram: { id: string } }>(CREATE_PROGRAM, { name: 'Trained crew' }, ops)).data!.createProgram.id;
    otherProgramId = (await enrollment.graphql<{ createProgram: { id: string } }>(CREATE_PROGRAM, { name: 'Other crew' }, ops)).data!.createProgram.id;
    basics = (await createModule({ title: 'Brand basics' })).data!.createTrainingModule!.id;
    conduct = (await createModule({ title: 'Code of conduct', body: null, link: 'https://brand.example/conduct', passMark: 50 })).data!.createTrainingModule!.id;
    optional = (await createModule({ title: 'Styling tips', required: false })).data!.createTrainingModule!.id;
  });

  afterAll(async () => {
    await db?.end();
    await enrollment.stop();
  });

  describe('train → activate', () => {
    let ambassadorId: string;

    beforeAll(async () => {
      ambassadorId = await newAmbassador(programId, 'tia.trainee@example.com');
    });

    it('keeps a new ambassador in onboarding while required modules are not passed', async () => {
      expect(await statusOf(ambassadorId)).toBe('ONBOARDING');
    });

    it("shows the ambassador their program's modules without the right answers", async () => {
      const modules = await enrollment.graphql<{ trainingModules: { edges: Array<{ node: { title: string; questions: unknown[] } }> } }>(MODULES, { programId }, asAmbassador(ambassadorId));
      expect(modules.data!.trainingModules.edges.map((e) => e.node.title)).toEqual(['Brand basics', 'Code of conduct', 'Styling tips']);
      expect(modules.data!.trainingModules.edges[0].node.questions[0]).toEqual({ prompt: 'How long is the guarantee?', options: ['30 days', 'One year'] });
      const peek = await enrollment.graphql(`query ($programId: ID!) { trainingModules(programId: $programId) { edges { node { questions { correctOption } } } } }`, { programId }, asAmbassador(ambassadorId));
      expect(peek.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const other = await enrollment.graphql(MODULES, { programId: otherProgramId }, asAmbassador(ambassadorId));
      expect(other.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_IN_PROGRAM' });
    });

    it('records a failed attempt and leaves the ambassador in onboarding', async () => {
      const attempt = await enrollment.graphql(ATTEMPT, { moduleId: basics, answers: [1, 0] }, asAmbassador(ambassadorId));
      expect(attempt.data).toEqual({ submitQuizAttempt: { moduleId: basics, score: 50, passed: false, ambassadorStatus: 'ONBOARDING' } });
      expect((await db.query('SELECT passed FROM training_attempts WHERE ambassador_id = $1', [ambassadorId])).rows).toEqual([{ passed: false }]);
    });

    it('refuses answers in the wrong format, writing nothing', async () => {
      const before = await count('training_attempts');
      const tooFew = await enrollment.graphql(ATTEMPT, { moduleId: basics, answers: [1] }, asAmbassador(ambassadorId));
      expect(tooFew.errors?.[0]).toMatchObject({
        message: 'answers must give one option index per question, in order: this quiz has 2, got 1',
        extensions: { code: 'BAD_USER_INPUT', reason: 'WRONG_ANSWER_FORMAT' },
      });
      const noSuchOption = await enrollment.graphql(ATTEMPT, { moduleId: basics, answers: [1, 7] }, asAmbassador(ambassadorId));
      expect(noSuchOption.errors?.[0].message).toBe('answers[1] must be an option index from 0 to 1, got 7');
      const notNumbers = await enrollment.graphql(ATTEMPT, { moduleId: basics, answers: ['one', 'two'] }, asAmbassador(ambassadorId));
      expect(notNumbers.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(await count('training_attempts')).toBe(before);
    });

    it('activates the ambassador when the last required module is passed, optional ones aside, and says so on Kafka', async () => {
      const first = await enrollment.graphql(ATTEMPT, { moduleId: basics, answers: [1, 1] }, asAmbassador(ambassadorId));
      expect(first.data).toEqual({ submitQuizAttempt: { moduleId: basics, score: 100, passed: true, ambassadorStatus: 'ONBOARDING' } });
      const last = await enrollment.graphql(ATTEMPT, { moduleId: conduct, answers: [0, 1] }, asAmbassador(ambassadorId));
      expect(last.data).toEqual({ submitQuizAttempt: { moduleId: conduct, score: 50, passed: true, ambassadorStatus: 'ACTIVE' } });
      expect(await statusOf(ambassadorId)).toBe('ACTIVE');

      const [activated] = await enrollment.events<AmbassadorActivatedPayload>(Topics.enrollmentAmbassadors, (e) => e.type === 'AmbassadorActivated' && e.payload.ambassadorId === ambassadorId);
      expect(activated.value!.payload).toMatchObject({ programId });
      const [changed] = await enrollment.events<AmbassadorStatusChangedPayload>(Topics.enrollmentAmbassadors, (e) => e.type === 'AmbassadorStatusChanged' && e.payload.ambassadorId === ambassadorId && e.payload.to === 'ACTIVE');
      expect(changed.value!.payload).toMatchObject({ from: 'ONBOARDING', reason: 'every required training module passed' });
    });

    it("refuses a quiz of another program's module", async () => {
      const foreign = (await enrollment.graphql<{ createTrainingModule: { id: string } }>(CREATE_MODULE, { input: { programId: otherProgramId, title: 'Other', body: 'x', required: true, passMark: 50, questions: quiz } }, ops)).data!.createTrainingModule.id;
      const attempt = await enrollment.graphql(ATTEMPT, { moduleId: foreign, answers: [1, 1] }, asAmbassador(ambassadorId));
      expect(attempt.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_IN_PROGRAM' });
    });
  });

  describe('referral codes and lifecycle', () => {
    let kim: string;
    let lee: string;

    beforeAll(async () => {
      const plain = (await enrollment.graphql<{ createProgram: { id: string } }>(CREATE_PROGRAM, { name: 'No training crew' }, ops)).data!.createProgram.id;
      kim = await newAmbassador(plain, 'kim.code@example.com');
      lee = await newAmbassador(plain, 'lee.code@example.com');
    });

    it('gives an active ambassador the vanity code they ask for, and tells the other services', async () => {
      const before = (await enrollment.graphql<{ ambassador: { referralCode: string } }>(AMBASSADOR, { id: kim }, asAmbassador(kim))).data!.ambassador.referralCode;
      const changed = await enrollment.graphql(VANITY, { id: kim, code: 'kim-rocks' }, asAmbassador(kim));
      expect(changed.data).toEqual({ requestVanityCode: { referralCode: 'KIM-ROCKS' } });
      const [event] = await enrollment.events<ReferralCodeChangedPayload>(Topics.enrollmentAmbassadors, (e) => e.type === 'ReferralCodeChanged' && e.payload.code === 'KIM-ROCKS');
      expect(event.value!.payload).toMatchObject({ ambassadorId: kim, previousCode: before });
    });

    it('refuses a code another ambassador holds, whatever its case', async () => {
      const taken = await enrollment.graphql(VANITY, { id: lee, code: 'Kim-Rocks' }, asAmbassador(lee));
      expect(taken.errors?.[0]).toMatchObject({ message: 'code KIM-ROCKS is taken; try another', extensions: { code: 'CONFLICT', reason: 'CODE_TAKEN' } });
    });

    it('refuses blocked words and bad shapes with a clear error', async () => {
      const rude = await enrollment.graphql(VANITY, { id: lee, code: 'sh1t-deals' }, asAmbassador(lee));
      expect(rude.errors?.[0]).toMatchObject({ message: 'code contains a word the program does not allow', extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CODE' } });
      const spaced = await enrollment.graphql(VANITY, { id: lee, code: 'lee rocks' }, asAmbassador(lee));
      expect(spaced.errors?.[0].extensions.reason).toBe('INVALID_CODE');
    });

    it("refuses to change another ambassador's code", async () => {
      const result = await enrollment.graphql(VANITY, { id: kim, code: 'LEE-WAS-HERE' }, asAmbassador(lee));
      expect(result.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it('pauses, resumes and offboards with a reason, each an event; a paused ambassador picks no code', async () => {
      expect((await enrollment.graphql(CHANGE_STATUS, { input: { ambassadorId: lee, status: 'PAUSED', reason: 'on holiday' } }, ops)).data).toEqual({ changeAmbassadorStatus: { status: 'PAUSED', statusReason: 'on holiday' } });
      const paused = await enrollment.graphql(VANITY, { id: lee, code: 'LEE-CODE' }, asAmbassador(lee));
      expect(paused.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', reason: 'NOT_ACTIVE' } });
      expect((await enrollment.graphql(CHANGE_STATUS, { input: { ambassadorId: lee, status: 'ACTIVE', reason: 'back' } }, ops)).data).toEqual({ changeAmbassadorStatus: { status: 'ACTIVE', statusReason: 'back' } });
      expect((await enrollment.graphql(CHANGE_STATUS, { input: { ambassadorId: lee, status: 'OFFBOARDED', reason: 'moved abroad' } }, ops)).data).toEqual({ changeAmbassadorStatus: { status: 'OFFBOARDED', statusReason: 'moved abroad' } });
      const moves = await enrollment.events<AmbassadorStatusChangedPayload>(Topics.enrollmentAmbassadors, (e) => e.type === 'AmbassadorStatusChanged' && e.payload.ambassadorId === lee, 5);
      expect(moves.map((m) => `${m.value!.payload.from ?? '-'}→${m.value!.payload.to}`)).toEqual(['-→ONBOARDING', 'ONBOARDING→ACTIVE', 'ACTIVE→PAUSED', 'PAUSED→ACTIVE', 'ACTIVE→OFFBOARDED']);
      const back = await enrollment.graphql(CHANGE_STATUS, { input: { ambassadorId: lee, status: 'ACTIVE', reason: 'changed my mind' } }, ops);
      expect(back.errors?.[0]).toMatchObject({ message: "an ambassador who is OFFBOARDED can't become ACTIVE", extensions: { code: 'CONFLICT', reason: 'INVALID_TRANSITION' } });
    });

    it('never activates an ambassador in onboarding by hand', async () => {
      const trainee = await newAmbassador(programId, 'hand.hal@example.com');
      const result = await enrollment.graphql(CHANGE_STATUS, { input: { ambassadorId: trainee, status: 'ACTIVE', reason: 'trust me' } }, ops);
      expect(result.errors?.[0].message).toMatch(/ONBOARDING can't become ACTIVE: ambassadors are activated by passing their required training/);
    });
  });

  describe('a module made required after activation', () => {
    let late: string;
    let punctual: string;
    let lateProgram: string;
    let newModule: string;
    const due = (id: string) => enrollment.graphql<{ ambassador: { status: string; trainingDueBy: string | null } }>(`query ($id: ID!) { ambassador(id: $id) { status trainingDueBy } }`, { id }, ops);

    beforeAll(async () => {
      lateProgram = (await enrollment.graphql<{ createProgram: { id: string } }>(CREATE_PROGRAM, { name: 'Late rules crew' }, ops)).data!.createProgram.id;
      late = await newAmbassador(lateProgram, 'late.liz@example.com');
      punctual = await newAmbassador(lateProgram, 'punctual.pat@example.com');
      expect(await statusOf(late)).toBe('ACTIVE');
      const created = await enrollment.graphql<{ createTrainingModule: { id: string } }>(
        CREATE_MODULE,
        { input: { programId: lateProgram, title: 'New returns policy', body: 'Read me.', required: true, passMark: 100, graceDays: 7, questions: quiz } },
        ops,
      );
      newModule = created.data!.createTrainingModule.id;
    });

    it('gives active ambassadors the grace period to pass it, still active meanwhile', async () => {
      const seen = (await due(late)).data!.ambassador;
      expect(seen.status).toBe('ACTIVE');
      const days = (new Date(seen.trainingDueBy!).getTime() - Date.now()) / 86400000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);
    });

    it('lifts the deadline for whoever passes in time', async () => {
      const attempt = await enrollment.graphql(ATTEMPT, { moduleId: newModule, answers: [1, 1] }, asAmbassador(punctual));
      expect(attempt.data).toEqual({ submitQuizAttempt: { moduleId: newModule, score: 100, passed: true, ambassadorStatus: 'ACTIVE' } });
      expect((await due(punctual)).data!.ambassador).toEqual({ status: 'ACTIVE', trainingDueBy: null });
    });

    it('moves who missed the deadline to NEEDS_TRAINING, and back to ACTIVE once passed', async () => {
      const sweeper = enrollment.app.get(AmbassadorService);
      await sweeper.enforceTrainingDeadlines(new Date(Date.now() + 6 * 86400000));
      expect(await statusOf(late)).toBe('ACTIVE');
      await sweeper.enforceTrainingDeadlines(new Date(Date.now() + 8 * 86400000));
      expect(await statusOf(late)).toBe('NEEDS_TRAINING');
      expect(await statusOf(punctual)).toBe('ACTIVE');
      const code = await enrollment.graphql(VANITY, { id: late, code: 'LIZ-LATE' }, asAmbassador(late));
      expect(code.errors?.[0].extensions.reason).toBe('NOT_ACTIVE');

      const attempt = await enrollment.graphql(ATTEMPT, { moduleId: newModule, answers: [1, 1] }, asAmbassador(late));
      expect(attempt.data).toEqual({ submitQuizAttempt: { moduleId: newModule, score: 100, passed: true, ambassadorStatus: 'ACTIVE' } });
      expect((await due(late)).data!.ambassador).toEqual({ status: 'ACTIVE', trainingDueBy: null });

      const moves = await enrollment.events<AmbassadorStatusChangedPayload>(Topics.enrollmentAmbassadors, (e) => e.type === 'AmbassadorStatusChanged' && e.payload.ambassadorId === late, 4);
      expect(moves.map((m) => `${m.value!.payload.from ?? '-'}→${m.value!.payload.to}`)).toEqual(['-→ONBOARDING', 'ONBOARDING→ACTIVE', 'ACTIVE→NEEDS_TRAINING', 'NEEDS_TRAINING→ACTIVE']);
      expect(moves[2].value!.payload.reason).toMatch(/^required training not passed by 20/);
      // Activated once, when first trained; coming back from NEEDS_TRAINING is a status change only.
      const activations = await enrollment.allEvents<AmbassadorActivatedPayload>(Topics.enrollmentAmbassadors, 5000);
      expect(activations.filter((e) => e.type === 'AmbassadorActivated' && e.payload.ambassadorId === late)).toHaveLength(1);
    });
  });

  describe('bad input for modules gets a clear error with a code and writes nothing', () => {
    async function expectRefused(input: Record<string, unknown>, code: string, message: RegExp) {
      const before = await count('training_modules');
      const result = await createModule(input);
      expect(result.data?.createTrainingModule ?? null).toBeNull();
      expect(result.errors?.[0].extensions.code).toBe(code);
      expect(result.errors?.[0].message).toMatch(message);
      expect(await count('training_modules')).toBe(before);
    }

    it('refuses an unknown program', () => expectRefused({ title: 'X', programId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', /program 00000000-0000-4000-8000-000000000000 does not exist/));
    it('refuses an oversize title', () => expectRefused({ title: 't'.repeat(201) }, 'BAD_USER_INPUT', /title must be shorter than or equal to 200 characters/));
    it('refuses a module with nothing to learn', () => expectRefused({ title: 'Empty', body: null, link: null }, 'BAD_USER_INPUT', /a module needs a body or a link/));
    it('refuses a right answer that is not an option', () => expectRefused({ title: 'Bad quiz', questions: [{ prompt: 'Q?', options: ['a', 'b'], correctOption: 2 }] }, 'BAD_USER_INPUT', /questions\[0\]\.correctOption must be an option index from 0 to 1/));
    it('refuses a quiz without questions', () => expectRefused({ title: 'No quiz', questions: [] }, 'BAD_USER_INPUT', /a quiz has 1 to 20 questions/));
  });

  describe('who may do what', () => {
    const everyone: Array<Role | undefined> = [undefined, Role.AMBASSADOR, Role.MARKETING_OPS, Role.FINANCE, Role.SUPPORT_AGENT, Role.ADMIN];
    const refusal = (role: Role | undefined) => (role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    const managers = new Set([Role.MARKETING_OPS, Role.ADMIN]);
    const staff = new Set([Role.MARKETING_OPS, Role.ADMIN, Role.FINANCE, Role.SUPPORT_AGENT]);
    let someone: string;
    // The ambassador in the matrix is not `someone`: it must be refused wherever it acts on them.
    let stranger: string;
    const as = (role: Role | undefined) => (role === Role.AMBASSADOR ? asAmbassador(stranger) : role ? { subject: `${role.toLowerCase()}-matrix`, roles: [role] } : undefined);

    beforeAll(async () => {
      someone = await newAmbassador(programId, 'matrix.someone@example.com');
      stranger = await newAmbassador(otherProgramId, 'matrix.stranger@example.com');
    });

    function expectAllowedOnlyFor(allowed: Set<Role>, role: Role | undefined, result: GraphQLAnswer<unknown>) {
      const code = result.errors?.[0]?.extensions.code;
      if (role && allowed.has(role)) expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(code);
      else expect(code).toBe(refusal(role));
    }

    it.each(everyone)('createTrainingModule as %s: marketing ops and admins', async (role) => {
      const result = await enrollment.graphql(CREATE_MODULE, { input: { programId: otherProgramId, title: `By ${role}`, body: 'x', required: false, passMark: 0, questions: quiz } }, as(role));
      expectAllowedOnlyFor(managers, role, result);
    });

    it.each(everyone)("trainingModules of another program as %s: staff; an ambassador only their own program's", async (role) => {
      expectAllowedOnlyFor(staff, role, await enrollment.graphql(MODULES, { programId }, as(role)));
    });

    it.each(everyone)('submitQuizAttempt as %s: ambassadors only', async (role) => {
      const result = await enrollment.graphql(ATTEMPT, { moduleId: optional, answers: [0, 0] }, role === Role.AMBASSADOR ? asAmbassador(someone) : as(role));
      expectAllowedOnlyFor(new Set([Role.AMBASSADOR]), role, result);
    });

    it.each(everyone)('changeAmbassadorStatus as %s: marketing ops and admins', async (role) => {
      const result = await enrollment.graphql(CHANGE_STATUS, { input: { ambassadorId: someone, status: 'PAUSED', reason: 'matrix' } }, as(role));
      expectAllowedOnlyFor(managers, role, result);
    });

    it.each(everyone)("requestVanityCode for someone else as %s: marketing ops and admins, never another ambassador", async (role) => {
      const result = await enrollment.graphql(VANITY, { id: someone, code: `M-${everyone.indexOf(role)}-CODE` }, as(role));
      expectAllowedOnlyFor(managers, role, result);
    });

    it.each(everyone)('ambassador(id) of someone else as %s: staff, never another ambassador', async (role) => {
      expectAllowedOnlyFor(staff, role, await enrollment.graphql(AMBASSADOR, { id: someone }, as(role)));
    });
  });
});
