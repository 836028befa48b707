import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { mintToken, Role } from '@streetteam/auth';
import { EventEnvelope, EventHeaders, ProgramCreated, ProgramCreatedPayload } from '@streetteam/contracts';
import { KafkaBus } from '@streetteam/messaging';
import { Metrics } from '@streetteam/platform';
import { loadSubgraphServiceConfig } from '@streetteam/subgraph-service';
import { dropSchema, kafkaBrokers, testDatabaseUrl, uniqueName, waitFor } from '@streetteam/testing';
import { PayoutsModule } from '../src/payouts.module';

const signingKey = 'payouts-test-signing-key-of-decent-length';

interface Settings {
  program: { id: string };
  recordedAt: string;
  currency: string;
  holdDays: number;
}

interface GraphQLBody<T> {
  data?: T;
  errors?: Array<{ message: string; extensions: { code: string } }>;
}

describe('payouts records the programs enrollment creates', () => {
  const schema = uniqueName('payouts');
  let app: INestApplication;

  beforeAll(async () => {
    const config = loadSubgraphServiceConfig('payouts', 0, {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `${uniqueName('t')}.`,
      AUTH_DEV_SIGNING_KEY: signingKey,
      LOG_LEVEL: 'error',
    });
    app = await NestFactory.create(PayoutsModule.forRoot(config, { writeSchema: false }), { logger: false });
    app.enableShutdownHooks();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await dropSchema(testDatabaseUrl(), schema);
  });

  async function graphql<T>(query: string, role?: Role | null): Promise<GraphQLBody<T>> {
    const call = request(app.getHttpServer()).post('/graphql').send({ query });
    if (role) call.set('authorization', `Bearer ${await mintToken({ subject: `${role.toLowerCase()}-1`, roles: [role] }, signingKey)}`);
    return (await call).body as GraphQLBody<T>;
  }

  /** Program.payoutSettings as the gateway asks for it: an entity reference by id. */
  async function payoutSettingsOf(programId: string, role: Role | null = Role.MARKETING_OPS) {
    const body = await graphql<{ _entities: Array<{ payoutSettings: Omit<Settings, 'program'> | null }> }>(
      `{ _entities(representations: [{ __typename: "Program", id: "${programId}" }]) { ... on Program { payoutSettings { recordedAt currency holdDays } } } }`,
      role,
    );
    return { settings: body.data?._entities[0].payoutSettings, errors: body.errors };
  }

  /** The envelope enrollment's outbox relay publishes when marketing ops create a program. */
  function programCreated(payload: Partial<ProgramCreatedPayload> = {}): EventEnvelope<ProgramCreatedPayload> {
    const program = { programId: randomUUID(), name: 'Spring street team', currency: 'EUR', guaranteeWindowDays: 30, createdAt: new Date().toISOString(), ...payload };
    return { id: randomUUID(), type: ProgramCreated.type, version: ProgramCreated.version, occurredAt: new Date().toISOString(), producer: 'enrollment', key: ProgramCreated.key(program), payload: program };
  }

  function publish(event: EventEnvelope<ProgramCreatedPayload>): Promise<void> {
    return app.get(KafkaBus).publish([
      {
        topic: ProgramCreated.topic,
        key: event.key,
        value: JSON.stringify(event),
        headers: { [EventHeaders.eventId]: event.id, [EventHeaders.eventType]: `${event.type}@${event.version}` },
      },
    ]);
  }

  const recorded = (programId: string) =>
    waitFor(async () => (await payoutSettingsOf(programId)).settings ?? undefined, { description: `payouts to record program ${programId}`, timeoutMs: 30_000 });

  /** How many events the consumer settled with this outcome ('handled', 'duplicate'): proof a delivery was consumed. */
  async function settled(outcome: string): Promise<number> {
    const { values } = await app.get(Metrics).eventsHandled.get();
    return values.filter((v) => v.labels.consumer === 'payouts.programs' && v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  }

  async function publishAndSettle(event: EventEnvelope<ProgramCreatedPayload>, outcome: string): Promise<void> {
    const before = await settled(outcome);
    await publish(event);
    await waitFor(async () => (await settled(outcome)) > before, { description: `event ${event.id} to be settled as ${outcome}`, timeoutMs: 30_000 });
  }

  it('holds commissions for the guarantee window of a new program once its ProgramCreated arrived', async () => {
    const event = programCreated({ currency: 'EUR', guaranteeWindowDays: 45 });
    expect((await payoutSettingsOf(event.payload.programId)).settings).toBeNull();

    await publish(event);

    const settings = await recorded(event.payload.programId);
    expect(settings).toEqual({ currency: 'EUR', holdDays: 45, recordedAt: expect.any(String) });
    expect(new Date(settings.recordedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps one record and its recordedAt when the same event is delivered twice', async () => {
    const event = programCreated({ currency: 'GBP', guaranteeWindowDays: 14 });
    await publish(event);
    const first = await recorded(event.payload.programId);

    await publishAndSettle(event, 'duplicate');

    expect((await payoutSettingsOf(event.payload.programId)).settings).toEqual(first);
    const listed = (await graphql<{ programPayoutSettings: Settings[] }>('{ programPayoutSettings { program { id } currency holdDays recordedAt } }', Role.ADMIN))
      .data!.programPayoutSettings;
    expect(listed.filter((s) => s.program.id === event.payload.programId)).toEqual([
      { program: { id: event.payload.programId }, currency: 'GBP', holdDays: 14, recordedAt: first.recordedAt },
    ]);
  });

  it('keeps the first record when the program is announced again under a new event id', async () => {
    const event = programCreated({ currency: 'USD' });
    await publish(event);
    const first = await recorded(event.payload.programId);

    await publishAndSettle({ ...event, id: randomUUID() }, 'handled');

    expect((await payoutSettingsOf(event.payload.programId)).settings).toEqual(first);
  });

  describe('who may see it', () => {
    it('lists recorded programs for finance', async () => {
      const result = await graphql<{ programPayoutSettings: Settings[] }>('{ programPayoutSettings { program { id } } }', Role.FINANCE);
      expect(result.errors).toBeUndefined();
      expect(result.data!.programPayoutSettings.length).toBeGreaterThan(0);
    });

    it('refuses the list to an anonymous caller as UNAUTHENTICATED', async () => {
      const result = await graphql('{ programPayoutSettings { holdDays } }');
      expect(result.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses the list to an ambassador as FORBIDDEN', async () => {
      const result = await graphql('{ programPayoutSettings { holdDays } }', Role.AMBASSADOR);
      expect(result.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it('shows Program.payoutSettings to any signed-in role but not to an anonymous caller', async () => {
      const programId = randomUUID();
      expect(await payoutSettingsOf(programId, Role.AMBASSADOR)).toEqual({ settings: null, errors: undefined });
      expect((await payoutSettingsOf(programId, null)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });
});
