import { randomUUID } from 'node:crypto';
import type { Application } from 'express';
import { Client } from 'pg';
import request from 'supertest';
import { Role } from '@streetteam/auth';
import { hashEmail } from '@streetteam/contracts';
import { GraphQLAnswer, startTestService, TestService } from '@streetteam/service-testing';
import { testDatabaseUrl } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { IdeaService } from '../src/ideas/idea.service';
import { givenAmbassador, givenProgram } from './support/campaigns-fixtures';

const IDEA_FIELDS = 'id programId submitterKind ambassadorId contactable title body status firstAnsweredAt answerDueAt answers { fromStatus status answer answeredAt }';
const SUBMIT = `mutation ($input: SubmitIdeaInput!) { submitIdea(input: $input) { ${IDEA_FIELDS} } }`;
const SUBMIT_PUBLIC = `mutation ($input: SubmitPublicIdeaInput!) { submitPublicIdea(input: $input) { submitterToken idea { id status email answers { status answer } } } }`;
const PUBLIC_IDEA = `query ($token: String!) { publicIdea(submitterToken: $token) { id title status email answerDueAt answers { fromStatus status answer answeredAt } } }`;
const MOVE = `mutation ($input: MoveIdeaInput!) { moveIdea(input: $input) { ${IDEA_FIELDS} } }`;
const IDEA = `query ($id: ID!) { idea(id: $id) { ${IDEA_FIELDS} } }`;
const MY_IDEAS = `query { myIdeas { edges { node { id status answers { answer } } } } }`;
const IDEAS = `query ($programId: ID!, $status: IdeaStatus, $first: Int, $after: String) { ideas(programId: $programId, status: $status, first: $first, after: $after) { edges { cursor node { id status contactable } } pageInfo { hasNextPage endCursor } } }`;
const UNANSWERED = `query ($programId: ID!) { unansweredIdeas(programId: $programId) { edges { node { id title answerDueAt } } } }`;
const SETTINGS = `query ($programId: ID!) { ideaProgramSettings(programId: $programId) { programId answerPromiseDays } }`;
const SET_PROMISE = `mutation ($programId: ID!, $days: Int!) { setIdeaAnswerPromise(programId: $programId, answerPromiseDays: $days) { programId answerPromiseDays } }`;

const ops = { role: Role.MARKETING_OPS };
const amira = { role: Role.AMBASSADOR, ambassadorId: '' };
const bruno = { role: Role.AMBASSADOR, ambassadorId: '' };

describe('campaigns ideas and the feedback loop', () => {
  let service: TestService;
  let db: Client;
  let programId: string;

  /** The public form as a customer at `address` sees it (through the gateway, which forwards the address). */
  const publicCall = <T>(query: string, variables: Record<string, unknown>, address: string) =>
    request(service.app.getHttpServer()).post('/graphql').set('x-forwarded-for', address).send({ query, variables }).then((r) => r.body as GraphQLAnswer<T>);

  const counts = async () => {
    const { rows } = await db.query(`SELECT (SELECT count(*) FROM ideas)::int AS ideas, (SELECT count(*) FROM idea_answers)::int AS answers`);
    return rows[0] as { ideas: number; answers: number };
  };

  const submit = async (title: string, caller = amira) => {
    const answer = await service.graphql<{ submitIdea: { id: string } }>(SUBMIT, { input: { programId, title, body: 'Details of it' } }, caller);
    expect(answer.errors).toBeUndefined();
    return answer.data!.submitIdea.id;
  };

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
    // As in production (TRUST_PROXY=loopback): the gateway in front forwards the caller's address.
    (service.app.getHttpAdapter().getInstance() as Application).set('trust proxy', 'loopback');
    db = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${service.config.databaseSchema}` });
    await db.connect();
    programId = await givenProgram(service, { currency: 'EUR' });
    amira.ambassadorId = (await givenAmbassador(service, programId)).id;
    bruno.ambassadorId = (await givenAmbassador(service, programId)).id;
  });

  afterAll(async () => {
    await db?.end();
    await service?.close();
  });

  it('lets an ambassador follow every step of their idea and its answers', async () => {
    const submitted = await service.graphql<{ submitIdea: Record<string, unknown> }>(SUBMIT, { input: { programId, title: '  Pop-up in Leeds ', body: 'Students would come.' } }, amira);
    expect(submitted.data!.submitIdea).toMatchObject({ title: 'Pop-up in Leeds', status: 'RECEIVED', submitterKind: 'AMBASSADOR', ambassadorId: amira.ambassadorId, answers: [], firstAnsweredAt: null });
    const id = submitted.data!.submitIdea.id as string;

    for (const [to, answer] of [
      ['UNDER_REVIEW', 'We are looking at venues.'],
      ['PLANNED', 'Booked for May.'],
      ['SHIPPED', 'It happened: 300 visitors, thank you!'],
    ]) {
      const moved = await service.graphql(MOVE, { input: { ideaId: id, to, answer } }, ops);
      expect(moved.errors).toBeUndefined();
    }

    const seen = await service.graphql<{ idea: { status: string; firstAnsweredAt: string; answers: Array<{ fromStatus: string; status: string; answer: string }> } }>(IDEA, { id }, amira);
    expect(seen.data!.idea.status).toBe('SHIPPED');
    expect(seen.data!.idea.firstAnsweredAt).not.toBeNull();
    expect(seen.data!.idea.answers.map((a) => [a.fromStatus, a.status, a.answer])).toEqual([
      ['RECEIVED', 'UNDER_REVIEW', 'We are looking at venues.'],
      ['UNDER_REVIEW', 'PLANNED', 'Booked for May.'],
      ['PLANNED', 'SHIPPED', 'It happened: 300 visitors, thank you!'],
    ]);
    const mine = await service.graphql<{ myIdeas: { edges: Array<{ node: { id: string; answers: unknown[] } }> } }>(MY_IDEAS, {}, amira);
    expect(mine.data!.myIdeas.edges.find((e) => e.node.id === id)?.node.answers).toHaveLength(3);
  });

  it("never shows an ambassador another ambassador's idea", async () => {
    const id = await submit('Amira only');
    const other = await service.graphql(IDEA, { id }, bruno);
    expect(other.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(other.data).toBeNull();
    const theirs = await service.graphql<{ myIdeas: { edges: Array<{ node: { id: string } }> } }>(MY_IDEAS, {}, bruno);
    expect(theirs.data!.myIdeas.edges.map((e) => e.node.id)).not.toContain(id);
  });

  it('gives a public submitter a token to read the status and answers, and keeps their email from everyone else', async () => {
    const submitted = await publicCall<{ submitPublicIdea: { submitterToken: string; idea: { id: string; status: string; email: string } } }>(
      SUBMIT_PUBLIC,
      { input: { programId, title: 'Refill packs', body: 'Less plastic please', email: 'Cleo@Example.com' } },
      '203.0.113.10',
    );
    expect(submitted.errors).toBeUndefined();
    const { submitterToken, idea } = submitted.data!.submitPublicIdea;
    expect(idea).toMatchObject({ status: 'RECEIVED', email: 'cleo@example.com' });

    await service.graphql(MOVE, { input: { ideaId: idea.id, to: 'UNDER_REVIEW', answer: 'Our packaging team is on it.' } }, ops);
    await service.graphql(MOVE, { input: { ideaId: idea.id, to: 'DECLINED', answer: 'Refills would cost more than they save, sorry.' } }, ops);

    const followed = await publicCall<{ publicIdea: { status: string; email: string; answers: Array<{ status: string; answer: string }> } }>(PUBLIC_IDEA, { token: submitterToken }, '203.0.113.99');
    expect(followed.data!.publicIdea).toMatchObject({
      status: 'DECLINED',
      email: 'cleo@example.com',
      answers: [
        { status: 'UNDER_REVIEW', answer: 'Our packaging team is on it.' },
        { status: 'DECLINED', answer: 'Refills would cost more than they save, sorry.' },
      ],
    });

    // Ops know they can write back, never the address; the GraphQL type has no email field at all.
    const asOps = await service.graphql<{ idea: { contactable: boolean; submitterKind: string } }>(IDEA, { id: idea.id }, ops);
    expect(asOps.data!.idea).toMatchObject({ contactable: true, submitterKind: 'CUSTOMER' });
    expect(JSON.stringify(asOps)).not.toMatch(/cleo/i);
    const probing = await service.graphql(`query ($id: ID!) { idea(id: $id) { email } }`, { id: idea.id }, ops);
    expect(probing.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Kept hashed too, so program health can count the customer as one who contributed.
    const { rows } = await db.query('SELECT submitter_email_hash FROM ideas WHERE id = $1', [idea.id]);
    expect(rows[0].submitter_email_hash).toBe(hashEmail('cleo@example.com'));

    const wrong = await publicCall(PUBLIC_IDEA, { token: 'not-a-token' }, '203.0.113.99');
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('limits public ideas per address and writes nothing past the limit', async () => {
    const address = '198.51.100.7';
    for (let i = 0; i < 5; i++) {
      const ok = await publicCall(SUBMIT_PUBLIC, { input: { programId, title: `Idea ${i}`, body: 'Some text' } }, address);
      expect(ok.errors).toBeUndefined();
    }
    const before = await counts();
    const limited = await publicCall<unknown>(SUBMIT_PUBLIC, { input: { programId, title: 'One more', body: 'Some text' } }, address);
    expect(limited.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RATE_LIMITED', retryAfterSeconds: 3600 });
    expect(await counts()).toEqual(before);
    // Another address is not held back by this one.
    expect((await publicCall(SUBMIT_PUBLIC, { input: { programId, title: 'Elsewhere', body: 'Some text' } }, '198.51.100.8')).errors).toBeUndefined();
  });

  it("lists for ops the ideas still unanswered past the program's promise", async () => {
    const ideas = service.app.get(IdeaService);
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);
    const set = await service.graphql(SET_PROMISE, { programId, days: 3 }, ops);
    expect(set.data).toEqual({ setIdeaAnswerPromise: { programId, answerPromiseDays: 3 } });

    const forgotten = await ideas.submitAsAmbassador({ programId, title: 'Forgotten', body: 'x' }, amira.ambassadorId, days(5));
    const answered = await ideas.submitAsAmbassador({ programId, title: 'Answered late', body: 'x' }, amira.ambassadorId, days(5));
    const fresh = await ideas.submitAsAmbassador({ programId, title: 'Fresh', body: 'x' }, amira.ambassadorId, days(1));
    const { view: publicForgotten } = await ideas.submitPublic({ programId, title: 'Public forgotten', body: 'x' }, '192.0.2.1', days(4));
    await ideas.move({ ideaId: answered.idea.id, to: 'UNDER_REVIEW', answer: 'Sorry for the wait.' }, 'ops');

    const listed = await service.graphql<{ unansweredIdeas: { edges: Array<{ node: { id: string; answerDueAt: string } }> } }>(UNANSWERED, { programId }, ops);
    const ids = listed.data!.unansweredIdeas.edges.map((e) => e.node.id);
    expect(ids).toEqual([forgotten.idea.id, publicForgotten.idea.id]);
    expect(ids).not.toContain(fresh.idea.id);
    expect(new Date(listed.data!.unansweredIdeas.edges[0].node.answerDueAt).getTime()).toBe(forgotten.idea.createdAt.getTime() + 3 * 86_400_000);
    await service.graphql(SET_PROMISE, { programId, days: 14 }, ops);
  });

  it('pages through a program by cursor and filters by status', async () => {
    const first = await service.graphql<{ ideas: { edges: Array<{ cursor: string; node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(IDEAS, { programId, first: 2 }, ops);
    expect(first.data!.ideas.edges).toHaveLength(2);
    expect(first.data!.ideas.pageInfo.hasNextPage).toBe(true);
    const next = await service.graphql<{ ideas: { edges: Array<{ node: { id: string } }> } }>(IDEAS, { programId, first: 2, after: first.data!.ideas.pageInfo.endCursor }, ops);
    const firstIds = first.data!.ideas.edges.map((e) => e.node.id);
    expect(next.data!.ideas.edges.map((e) => e.node.id).some((id) => firstIds.includes(id))).toBe(false);
    const shipped = await service.graphql<{ ideas: { edges: Array<{ node: { status: string } }> } }>(IDEAS, { programId, status: 'SHIPPED' }, ops);
    expect(shipped.data!.ideas.edges.length).toBeGreaterThan(0);
    expect(shipped.data!.ideas.edges.every((e) => e.node.status === 'SHIPPED')).toBe(true);
    const bad = await service.graphql(IDEAS, { programId, after: 'bogus' }, ops);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });

  describe('bad input gets a coded error naming the field and writes nothing', () => {
    async function expectRefused(call: () => Promise<GraphQLAnswer<unknown>>, code: string, message: RegExp) {
      const before = await counts();
      const answer = await call();
      expect(answer.errors?.[0].extensions.code).toBe(code);
      expect(answer.errors?.[0].message).toMatch(message);
      expect(await counts()).toEqual(before);
    }
    const submitWith = (input: Record<string, unknown>, caller = amira) => () => service.graphql(SUBMIT, { input: { programId, title: 'T', body: 'B', ...input } }, caller);

    it('refuses a blank title', () => expectRefused(submitWith({ title: '   ' }), 'BAD_USER_INPUT', /title: must not be blank/));
    it('refuses an oversize body', () => expectRefused(submitWith({ body: 'b'.repeat(5001) }), 'BAD_USER_INPUT', /body must be shorter than or equal to 5000 characters/));
    it('refuses a program id that is not one', () => expectRefused(submitWith({ programId: 'nope' }), 'BAD_USER_INPUT', /programId must be a program id/));
    it('refuses an unknown program', () => expectRefused(submitWith({ programId: randomUUID() }), 'NOT_FOUND', /programId: program .* is not known/));
    it('refuses a bad email on the public form', () =>
      expectRefused(() => publicCall(SUBMIT_PUBLIC, { input: { programId, title: 'T', body: 'B', email: 'not-an-email' } }, '192.0.2.50'), 'BAD_USER_INPUT', /email must be an email address/));
    it('refuses skipping a step, and a blank answer', async () => {
      const id = await submit('Skipper');
      await expectRefused(() => service.graphql(MOVE, { input: { ideaId: id, to: 'SHIPPED', answer: 'Done' } }, ops), 'CONFLICT', /to: an idea that is RECEIVED can't become SHIPPED \(next: UNDER_REVIEW or DECLINED\)/);
      await expectRefused(() => service.graphql(MOVE, { input: { ideaId: id, to: 'UNDER_REVIEW', answer: '  ' } }, ops), 'BAD_USER_INPUT', /answer: must not be blank/);
      await expectRefused(() => service.graphql(MOVE, { input: { ideaId: randomUUID(), to: 'UNDER_REVIEW', answer: 'ok' } }, ops), 'NOT_FOUND', /ideaId: idea .* does not exist/);
    });
    it("refuses an ambassador of another program, or one campaigns doesn't know", async () => {
      const elsewhere = await givenAmbassador(service, await givenProgram(service));
      await expectRefused(submitWith({}, { role: Role.AMBASSADOR, ambassadorId: elsewhere.id }), 'FORBIDDEN', /programId: only the program's own ambassadors submit ideas here/);
      await expectRefused(submitWith({}, { role: Role.AMBASSADOR, ambassadorId: randomUUID() }), 'FORBIDDEN', /only the program's own ambassadors/);
    });
    it('refuses a promise outside 1..365 days', () =>
      expectRefused(() => service.graphql(SET_PROMISE, { programId, days: 0 }, ops), 'BAD_USER_INPUT', /answerPromiseDays: must be a whole number of days from 1 to 365/));
  });

  describe('who may do what', () => {
    type Caller = { role?: Role; ambassadorId?: string };
    const callers: Array<[string, Caller]> = [
      ['anonymous', {}],
      ['AMBASSADOR self', amira],
      ['AMBASSADOR other', bruno],
      ['MARKETING_OPS', { role: Role.MARKETING_OPS }],
      ['FINANCE', { role: Role.FINANCE }],
      ['SUPPORT_AGENT', { role: Role.SUPPORT_AGENT }],
      ['ADMIN', { role: Role.ADMIN }],
    ];
    const refusal = (caller: Caller) => (caller.role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    const staff = (c: Caller) => c.role === Role.MARKETING_OPS || c.role === Role.ADMIN;
    const anyAmbassador = (c: Caller) => c.role === Role.AMBASSADOR;
    let amirasIdea: string;
    let token: string;

    beforeAll(async () => {
      amirasIdea = await submit('Matrix idea');
      token = (await publicCall<{ submitPublicIdea: { submitterToken: string } }>(SUBMIT_PUBLIC, { input: { programId, title: 'Matrix public', body: 'B' } }, '192.0.2.77')).data!.submitPublicIdea.submitterToken;
    });

    const cases: Array<[string, (c: Caller) => boolean, (c: Caller) => Promise<GraphQLAnswer<unknown>>]> = [
      ['submitIdea', anyAmbassador, (c) => service.graphql(SUBMIT, { input: { programId, title: 'M', body: 'B' } }, c)],
      ['myIdeas', anyAmbassador, (c) => service.graphql(MY_IDEAS, {}, c)],
      ['idea', (c) => staff(c) || c === amira, (c) => service.graphql(IDEA, { id: amirasIdea }, c)],
      ['ideas', staff, (c) => service.graphql(IDEAS, { programId }, c)],
      ['unansweredIdeas', staff, (c) => service.graphql(UNANSWERED, { programId }, c)],
      ['setIdeaAnswerPromise', staff, (c) => service.graphql(SET_PROMISE, { programId, days: 14 }, c)],
      ['moveIdea', staff, (c) => service.graphql(MOVE, { input: { ideaId: randomUUID(), to: 'UNDER_REVIEW', answer: 'x' } }, c)],
      ['ideaProgramSettings', () => true, (c) => service.graphql(SETTINGS, { programId }, c)],
      ['publicIdea', () => true, (c) => service.graphql(PUBLIC_IDEA, { token }, c)],
      // Open to anyone, signed in or not; each caller from an address of its own (the limit is per address).
      [
        'submitPublicIdea',
        () => true,
        async (c) => {
          const call = request(service.app.getHttpServer())
            .post('/graphql')
            .set('x-forwarded-for', `198.18.0.${callers.findIndex(([, x]) => x === c) + 1}`)
            .send({ query: SUBMIT_PUBLIC, variables: { input: { programId, title: 'Matrix', body: 'B' } } });
          if (c.role) call.set('authorization', `Bearer ${await service.token(c.role, c.ambassadorId)}`);
          return (await call).body as GraphQLAnswer<unknown>;
        },
      ],
    ];

    for (const [name, allowed, call] of cases) {
      it.each(callers)(`${name} as %s`, async (_label, caller) => {
        const answer = await call(caller);
        const code = answer.errors?.[0].extensions.code;
        // moveIdea on an unknown idea: an allowed caller gets past the guard to NOT_FOUND.
        if (allowed(caller)) expect([undefined, 'NOT_FOUND']).toContain(code);
        else expect(code).toBe(refusal(caller));
      });
    }
  });
});
