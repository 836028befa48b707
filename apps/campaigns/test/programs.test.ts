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
import { CampaignsModule } from '../src/campaigns.module';

const signingKey = 'campaigns-test-signing-key-of-decent-length';

interface Settings {
  program: { id: string };
  recordedAt: string;
  currency: string;
}

interface GraphQLBody<T> {
  data?: T;
  errors?: Array<{ message: string; extensions: { code: string } }>;
}

describe('campaigns records the programs enrollment creates', () => {
  const schema = uniqueName('campaigns');
  let app: INestApplication;

  beforeAll(async () => {
    const config = loadSubgraphServiceConfig('campaigns', 0, {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `${uniqueName('t')}.`,
      AUTH_DEV_SIGNING_KEY: signingKey,
      LOG_LEVEL: 'error',
    });
    app = await NestFactory.create(CampaignsModule.forRoot(config, { writeSchema: false }), { logger: false });
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

  /** Program.campaignSettings as the gateway asks for it: an entity reference by id. */
  async function campaignSettingsOf(programId: string, role: Role | null = Role.MARKETING_OPS) {
    const body = await graphql<{ _entities: Array<{ campaignSettings: Omit<Settings, 'program'> | null }> }>(
      `{ _entities(representations: [{ __typename: "Program", id: "${programId}" }]) { ... on Program { campaignSettings { recordedAt currency } } } }`,
      role,
    );
    return { settings: body.data?._entities[0].campaignSettings, errors: body.errors };
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
    waitFor(async () => (await campaignSettingsOf(programId)).settings ?? undefined, { description: `campaigns to record program ${programId}`, timeoutMs: 30_000 });

  /** How many events the consumer settled with this outcome ('handled', 'duplicate'): proof a delivery was consumed. */
  async function settled(outcome: string): Promise<number> {
    const { values } = await app.get(Metrics).eventsHandled.get();
    return values.filter((v) => v.labels.consumer === 'campaigns.programs' && v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  }

  async function publishAndSettle(event: EventEnvelope<ProgramCreatedPayload>, outcome: string): Promise<void> {
    const before = await settled(outcome);
    await publish(event);
    await waitFor(async () => (await settled(outcome)) > before, { description: `event ${event.id} to be settled as ${outcome}`, timeoutMs: 30_000 });
  }

  it('shows the currency of a new program once its ProgramCreated arrived', async () => {
    const event = programCreated({ currency: 'EUR' });
    expect((await campaignSettingsOf(event.payload.programId)).settings).toBeNull();

    await publish(event);

    const settings = await recorded(event.payload.programId);
    expect(settings).toEqual({ currency: 'EUR', recordedAt: expect.any(String) });
    expect(new Date(settings.recordedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps one record and its recordedAt when the same event is delivered twice', async () => {
    const event = programCreated({ currency: 'GBP' });
    await publish(event);
    const first = await recorded(event.payload.programId);

    await publishAndSettle(event, 'duplicate');

    expect((await campaignSettingsOf(event.payload.programId)).settings).toEqual(first);
    const listed = (await graphql<{ programCampaignSettings: Settings[] }>('{ programCampaignSettings { program { id } currency recordedAt } }', Role.ADMIN))
      .data!.programCampaignSettings;
    expect(listed.filter((s) => s.program.id === event.payload.programId)).toEqual([
      { program: { id: event.payload.programId }, currency: 'GBP', recordedAt: first.recordedAt },
    ]);
  });

  it('keeps the first record when the program is announced again under a new event id', async () => {
    const event = programCreated({ currency: 'USD' });
    await publish(event);
    const first = await recorded(event.payload.programId);

    await publishAndSettle({ ...event, id: randomUUID() }, 'handled');

    expect((await campaignSettingsOf(event.payload.programId)).settings).toEqual(first);
  });

  describe('who may see it', () => {
    it('lists recorded programs for marketing ops', async () => {
      const result = await graphql<{ programCampaignSettings: Settings[] }>('{ programCampaignSettings { program { id } } }', Role.MARKETING_OPS);
      expect(result.errors).toBeUndefined();
      expect(result.data!.programCampaignSettings.length).toBeGreaterThan(0);
    });

    it('refuses the list to an anonymous caller as UNAUTHENTICATED', async () => {
      const result = await graphql('{ programCampaignSettings { currency } }');
      expect(result.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses the list to an ambassador as FORBIDDEN', async () => {
      const result = await graphql('{ programCampaignSettings { currency } }', Role.AMBASSADOR);
      expect(result.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it('shows Program.campaignSettings to any signed-in role but not to an anonymous caller', async () => {
      const programId = randomUUID();
      expect(await campaignSettingsOf(programId, Role.AMBASSADOR)).toEqual({ settings: null, errors: undefined });
      expect((await campaignSettingsOf(programId, null)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });
});
