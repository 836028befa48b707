import request from 'supertest';
import { mintToken, Role } from '@streetteam/auth';
import { Topics } from '@streetteam/contracts';
import { startTestService, TestService } from '@streetteam/service-testing';
import { kafkaBrokers, readTopic, uniqueName } from '@streetteam/testing';
import { EnrollmentModule } from '../src/enrollment.module';

interface ProgramNode {
  id: string;
  name: string;
  currency: string;
  guaranteeWindowDays: number;
}

interface Page {
  edges: Array<{ node: ProgramNode }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface Programs {
  createProgram?: ProgramNode | null;
  programs?: Page;
  program?: ProgramNode | null;
}

describe('enrollment programs through the subgraph', () => {
  let enrollment: TestService;

  beforeAll(async () => {
    enrollment = await startTestService('enrollment', (config) => EnrollmentModule.forRoot(config, { writeSchema: false }));
  });

  afterAll(() => enrollment.close());

  const graphql = (query: string, variables: Record<string, unknown> = {}, role?: Role, correlationId?: string) =>
    enrollment.graphql<Programs>(query, variables, { role, correlationId });

  const createProgram = `mutation ($input: CreateProgramInput!) { createProgram(input: $input) { id name currency guaranteeWindowDays } }`;

  it('creates a program for marketing ops and publishes ProgramCreated through the outbox', async () => {
    const correlationId = uniqueName('request');
    const result = await graphql(
      createProgram,
      { input: { name: 'Spring street team', currency: 'usd', guaranteeWindowDays: 30 } },
      Role.MARKETING_OPS,
      correlationId,
    );
    expect(result.errors).toBeUndefined();
    const program = result.data!.createProgram!;
    expect(program).toMatchObject({ name: 'Spring street team', currency: 'USD', guaranteeWindowDays: 30 });

    const [event] = await readTopic<{ type: string; producer: string; key: string; payload: { programId: string } }>(
      kafkaBrokers(),
      `${enrollment.topicPrefix}${Topics.enrollmentPrograms}`,
      { until: (seen) => seen.some((m) => m.value?.payload.programId === program.id), timeoutMs: 30000 },
    ).then((seen) => seen.filter((m) => m.value?.payload.programId === program.id));
    expect(event.value).toMatchObject({ type: 'ProgramCreated', producer: 'enrollment', key: program.id });
    // The request's correlation id travels with the event, so logs on every side can be joined.
    expect(event.headers['x-correlation-id']).toBe(correlationId);
    expect(event.value).toMatchObject({ correlationId });
  });

  it('exposes Prometheus metrics and readiness', async () => {
    const metrics = await request(enrollment.app.getHttpServer()).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/streetteam_http_requests_total\{[^}]*route="\/graphql"/);
    expect(metrics.text).toContain('streetteam_outbox_pending');
    const ready = await request(enrollment.app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.map((c: { name: string }) => c.name).sort()).toEqual(['database', 'kafka']);
  });

  it('lists programs page by page with cursors', async () => {
    for (const name of ['Page A', 'Page B', 'Page C']) {
      await graphql(createProgram, { input: { name, currency: 'EUR', guaranteeWindowDays: 14 } }, Role.ADMIN);
    }
    const pageQuery = `query ($after: String) { programs(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
    const names: string[] = [];
    let after: string | null = null;
    do {
      const page: Page = (await graphql(pageQuery, { after }, Role.AMBASSADOR)).data!.programs!;
      names.push(...page.edges.map((e) => e.node.name));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(names).toEqual(expect.arrayContaining(['Page A', 'Page B', 'Page C']));
    expect(new Set(names).size).toBe(names.length);
  });

  describe('bad input gets a clear error with a code and writes nothing', () => {
    async function expectRefused(input: Record<string, unknown>, code: string, message: RegExp) {
      const before = (await graphql('{ programs(first: 100) { edges { node { id } } } }', {}, Role.ADMIN)).data!.programs!.edges.length;
      const result = await graphql(createProgram, { input }, Role.MARKETING_OPS);
      expect(result.data?.createProgram ?? null).toBeNull();
      expect(result.errors?.[0].extensions.code).toBe(code);
      expect(result.errors?.[0].message).toMatch(message);
      const after = (await graphql('{ programs(first: 100) { edges { node { id } } } }', {}, Role.ADMIN)).data!.programs!.edges.length;
      expect(after).toBe(before);
    }

    it('refuses an unknown currency, naming it', () =>
      expectRefused({ name: 'Bad currency', currency: 'XYZ', guaranteeWindowDays: 30 }, 'BAD_USER_INPUT', /currency "XYZ"/));

    it('refuses an oversize name, naming the field', () =>
      expectRefused({ name: 'x'.repeat(121), currency: 'USD', guaranteeWindowDays: 30 }, 'BAD_USER_INPUT', /name/));

    it('refuses a negative guarantee window, naming the field', () =>
      expectRefused({ name: 'Negative', currency: 'USD', guaranteeWindowDays: -1 }, 'BAD_USER_INPUT', /guaranteeWindowDays/));

    it('refuses a missing field before any resolver runs', () =>
      expectRefused({ name: 'No currency', guaranteeWindowDays: 30 }, 'BAD_USER_INPUT', /currency/));

    it('refuses a second program with the same name in another case as a conflict', async () => {
      await graphql(createProgram, { input: { name: 'Summer crew', currency: 'USD', guaranteeWindowDays: 30 } }, Role.MARKETING_OPS);
      await expectRefused({ name: 'SUMMER CREW', currency: 'USD', guaranteeWindowDays: 30 }, 'CONFLICT', /already used/);
    });

    it('answers NOT_FOUND for a program that does not exist', async () => {
      const result = await graphql('{ program(id: "00000000-0000-4000-8000-000000000000") { id } }', {}, Role.AMBASSADOR);
      expect(result.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });

    it('answers BAD_USER_INPUT for a cursor it never gave out', async () => {
      const result = await graphql('{ programs(after: "bogus") { edges { cursor } } }', {}, Role.AMBASSADOR);
      expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('who may do what', () => {
    const everyone: Array<Role | undefined> = [undefined, Role.AMBASSADOR, Role.MARKETING_OPS, Role.FINANCE, Role.SUPPORT_AGENT, Role.ADMIN];
    const creators = new Set([Role.MARKETING_OPS, Role.ADMIN]);

    it.each(everyone)('createProgram as %s', async (role) => {
      const result = await graphql(createProgram, { input: { name: `By ${role ?? 'anonymous'}`, currency: 'USD', guaranteeWindowDays: 7 } }, role);
      if (role && creators.has(role)) expect(result.errors).toBeUndefined();
      else expect(result.errors?.[0].extensions.code).toBe(role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    });

    it.each(everyone)('programs as %s', async (role) => {
      const result = await graphql('{ programs { edges { node { id } } } }', {}, role);
      if (role) expect(result.errors).toBeUndefined();
      else expect(result.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a forged token as UNAUTHENTICATED', async () => {
      const forged = await mintToken({ subject: 'mallory', roles: [Role.ADMIN] }, 'another-key-that-is-long-enough-to-be-accepted');
      const response = await request(enrollment.app.getHttpServer())
        .post('/graphql')
        .set('authorization', `Bearer ${forged}`)
        .send({ query: '{ programs { edges { node { id } } } }' });
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });
});
