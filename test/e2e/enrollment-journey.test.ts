// The ambassador's journey through the gateway, as the portal and marketing ops would
// drive it: apply → review → a first password from the mailer's event → log in → train →
// active → tier up, with each step's event seen on Kafka.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parse } from 'graphql';
import { mintToken, Role } from '@streetteam/auth';
import { Topics } from '@streetteam/contracts';
import { createServiceApp } from '@streetteam/platform';
import { loadSubgraphServiceConfig } from '@streetteam/subgraph-service';
import { dropSchema, kafkaBrokers, readTopic, testDatabaseUrl, uniqueName } from '@streetteam/testing';
import { EnrollmentModule } from '../../apps/enrollment/src/enrollment.module';
import { TierService } from '../../apps/enrollment/src/tiers/tier.service';
import { loadGatewayConfig } from '../../apps/gateway/src/gateway-config';
import { GatewayModule } from '../../apps/gateway/src/gateway.module';

const signingKey = 'enrollment-journey-signing-key-of-decent-length';

interface Envelope {
  type: string;
  payload: Record<string, unknown> & { ambassadorId?: string; applicationId?: string; email?: string; token?: string; to?: string };
}

describe('an ambassador\'s journey through the gateway', () => {
  const schema = uniqueName('enrollment');
  const topicPrefix = `${uniqueName('t')}.`;
  const folder = mkdtempSync(join(tmpdir(), 'enrollment-journey-'));
  let enrollment: INestApplication;
  let gateway: NestExpressApplication;
  let gatewayUrl: string;
  let opsToken: string;

  async function ask<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T };
  }

  async function events(until: (seen: Envelope[]) => boolean): Promise<Envelope[]> {
    const seen = await readTopic<Envelope>(kafkaBrokers(), `${topicPrefix}${Topics.enrollmentAmbassadors}`, {
      until: (messages) => until(messages.map((m) => m.value!)),
      timeoutMs: 30000,
    });
    return seen.map((m) => m.value!);
  }

  beforeAll(async () => {
    const config = loadSubgraphServiceConfig('enrollment', 0, {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      AUTH_DEV_SIGNING_KEY: signingKey,
      LOG_LEVEL: 'error',
      NODE_ENV: 'test',
    });
    enrollment = await NestFactory.create(EnrollmentModule.forRoot(config, { writeSchema: false }), { logger: false });
    enrollment.enableShutdownHooks();
    await enrollment.listen(0, '127.0.0.1');
    const subgraphUrl = `http://127.0.0.1:${(enrollment.getHttpServer().address() as AddressInfo).port}/graphql`;

    // The same composition `npm run supergraph` runs, from the SDL the running subgraph serves.
    const sdl = printSubgraphSchema(enrollment.get(GraphQLSchemaHost).schema);
    const composed = composeServices([{ name: 'enrollment', url: subgraphUrl, typeDefs: parse(sdl) }]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('; '));
    const supergraphFile = join(folder, 'supergraph.graphql');
    writeFileSync(supergraphFile, composed.supergraphSdl);
    gateway = await createServiceApp(
      GatewayModule.forRoot(loadGatewayConfig({ AUTH_DEV_SIGNING_KEY: signingKey, ENROLLMENT_URL: subgraphUrl, SUPERGRAPH_FILE: supergraphFile, LOG_LEVEL: 'error' }), { writeLog: () => undefined }),
      { service: 'gateway', port: 0 },
    );
    gatewayUrl = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}/graphql`;
    opsToken = await mintToken({ subject: 'olga-ops', roles: [Role.MARKETING_OPS] }, signingKey);
  });

  afterAll(async () => {
    await gateway?.close();
    await enrollment?.close();
    await dropSchema(testDatabaseUrl(), schema);
    rmSync(folder, { recursive: true, force: true });
  });

  it('takes an applicant from application to an active ambassador who tiers up', async () => {
    // Marketing ops set the program up.
    const program = await ask<{ createProgram: { id: string } }>(`mutation { createProgram(input: { name: "Journey crew", currency: "USD", guaranteeWindowDays: 30 }) { id } }`, {}, opsToken);
    const programId = program.data!.createProgram.id;
    await ask(`mutation ($id: ID!) { setSelectionRules(programId: $id, rules: { minPriorOrders: 1, requiredQuestions: [{ key: "why", prompt: "Why us?" }], autoApproveScore: 100 }) { version } }`, { id: programId }, opsToken);
    const trainingModule = await ask<{ createTrainingModule: { id: string } }>(
      `mutation ($id: ID!) { createTrainingModule(input: { programId: $id, title: "Brand basics", body: "Read me.", passMark: 100,
         questions: [{ prompt: "How long is the guarantee?", options: ["30 days", "One year"], correctOption: 1 }] }) { id } }`,
      { id: programId },
      opsToken,
    );
    for (const [name, rank, minSalesMinor] of [['Bronze', 1, 0], ['Silver', 2, 50000]] as const) {
      await ask(`mutation ($input: CreateTierInput!) { createTier(input: $input) { id } }`, { input: { programId, name, rank, minSalesMinor, minPoints: 1000000, multiplierBps: 10000 + rank * 500 } }, opsToken);
    }

    // A customer applies, anonymously, missing the question: it waits for review.
    const submitted = await ask<{ submitApplication: { applicantToken: string; application: { id: string; status: string } } }>(
      `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { applicantToken application { id status } } }`,
      { input: { programId, email: 'jo.journey@example.com', name: 'Jo Journey', country: 'US', priorOrders: 4, acceptedTerms: true } },
    );
    expect(submitted.data!.submitApplication.application.status).toBe('SUBMITTED');
    const applicationId = submitted.data!.submitApplication.application.id;
    const review = await ask<{ application: { score: number; ruleResults: Array<{ rule: string; passed: boolean }> } }>(`query ($id: ID!) { application(id: $id) { score ruleResults { rule passed } } }`, { id: applicationId }, opsToken);
    expect(review.data!.application.score).toBe(75);
    expect(review.data!.application.ruleResults.find((r) => !r.passed)?.rule).toBe('REQUIRED_QUESTIONS');

    // Marketing ops approve it anyway, telling the applicant why.
    const decided = await ask<{ decideApplication: { ambassadorId: string } }>(
      `mutation ($id: ID!) { decideApplication(input: { applicationId: $id, decision: APPROVED, note: "great socials", reasonForApplicant: "Welcome aboard!" }) { ambassadorId } }`,
      { id: applicationId },
      opsToken,
    );
    const ambassadorId = decided.data!.decideApplication.ambassadorId;
    const outcome = await ask<{ myApplication: { status: string; reasonForApplicant: string } }>(`query ($t: String!) { myApplication(applicantToken: $t) { status reasonForApplicant } }`, { t: submitted.data!.submitApplication.applicantToken });
    expect(outcome.data!.myApplication).toEqual({ status: 'APPROVED', reasonForApplicant: 'Welcome aboard!' });

    // The mailer's event carries the first-password token; the new ambassador logs in.
    const [invitation] = await readTopic<Envelope>(kafkaBrokers(), `${topicPrefix}${Topics.enrollmentAccounts}`, { count: 1, timeoutMs: 30000 });
    expect(invitation.value!.payload).toMatchObject({ email: 'jo.journey@example.com', purpose: 'NEW_ACCOUNT' });
    expect((await ask(`mutation ($t: String!) { resetPassword(token: $t, newPassword: "jo's long passphrase") }`, { t: invitation.value!.payload.token })).errors).toBeUndefined();
    const login = await ask<{ login: { token: string } }>(`mutation { login(email: "jo.journey@example.com", password: "jo's long passphrase") { token } }`);
    const joToken = login.data!.login.token;
    const me = `query ($id: ID!) { ambassador(id: $id) { status referralCode tierId } }`;
    expect((await ask<{ ambassador: { status: string } }>(me, { id: ambassadorId }, joToken)).data!.ambassador.status).toBe('ONBOARDING');

    // Jo trains and becomes active.
    const attempt = await ask<{ submitQuizAttempt: { passed: boolean; ambassadorStatus: string } }>(
      `mutation ($m: ID!) { submitQuizAttempt(moduleId: $m, answers: [1]) { passed ambassadorStatus } }`,
      { m: trainingModule.data!.createTrainingModule.id },
      joToken,
    );
    expect(attempt.data!.submitQuizAttempt).toEqual({ passed: true, ambassadorStatus: 'ACTIVE' });

    // Sales come in (the campaigns' commission events will drive this): Jo tiers up.
    const tiers = enrollment.get(TierService);
    await tiers.applyProgress(ambassadorId, { salesMinor: 0, points: 0 });
    await tiers.applyProgress(ambassadorId, { salesMinor: 80000, points: 0 });
    const tierList = await ask<{ tiers: Array<{ id: string; name: string }> }>(`query ($id: ID!) { tiers(programId: $id) { id name } }`, { id: programId }, joToken);
    const silver = tierList.data!.tiers.find((t) => t.name === 'Silver')!.id;
    expect((await ask<{ ambassador: { status: string; tierId: string } }>(me, { id: ambassadorId }, joToken)).data!.ambassador).toMatchObject({ status: 'ACTIVE', tierId: silver });

    const story = (await events((seen) => seen.filter((e) => e.payload.ambassadorId === ambassadorId).length >= 6)).filter((e) => e.payload.ambassadorId === ambassadorId);
    expect(story.map((e) => (e.type === 'AmbassadorStatusChanged' ? `${e.type} ${e.payload.to}` : e.type))).toEqual([
      'AmbassadorStatusChanged ONBOARDING',
      'ReferralCodeChanged',
      'AmbassadorStatusChanged ACTIVE',
      'AmbassadorActivated',
      'AmbassadorTierChanged',
      'AmbassadorTierChanged',
    ]);
  });
});
