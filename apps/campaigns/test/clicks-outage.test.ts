import { rm } from 'node:fs/promises';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { mintToken, Role } from '@streetteam/auth';
import { freePort, repoRoot } from '@streetteam/local-infra';
import { TestService } from '@streetteam/service-testing';
import { loadSubgraphServiceConfig } from '@streetteam/subgraph-service';
import { kafkaBrokers, uniqueName, waitFor } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { OwnPostgres, startOwnPostgres } from './support/own-postgres-process';
import { ConversionRow, dataSourceOf, givenActiveCampaign, givenAmbassador, givenProgram, linkOf, placeOrder, shopOrder } from './support/campaigns-fixtures';

/**
 * The redirect with Postgres stopped. This file's service runs on a Postgres of its
 * own (started here, stopped and started again here), never the shared test one.
 */
describe('the redirect while Postgres is down', () => {
  const signingKey = 'streetteam-outage-test-signing-key-at-least-32';
  const dataDir = path.join(repoRoot(), '.local', 'test', uniqueName('campaigns-outage-pg'));
  let port: number;
  let postgres: OwnPostgres;
  let service: TestService;

  const ownPostgres = () => startOwnPostgres(repoRoot(), dataDir, port, 'campaigns_outage_test');

  beforeAll(async () => {
    port = await freePort();
    postgres = await ownPostgres();
    const topicPrefix = `${uniqueName('t')}.`;
    const config = loadSubgraphServiceConfig('campaigns', 0, {
      DATABASE_URL: postgres.url,
      DATABASE_SCHEMA: 'campaigns',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      AUTH_DEV_SIGNING_KEY: signingKey,
      LOG_LEVEL: 'fatal',
    });
    const app = await NestFactory.create(CampaignsModule.forRoot(config, { writeSchema: false }), { logger: false });
    app.enableShutdownHooks();
    await app.init();
    const token = (role: Role, ambassadorId?: string) => mintToken({ subject: `${role.toLowerCase()}-${ambassadorId ?? 'staff'}`, roles: [role], ambassadorId }, signingKey);
    service = {
      app,
      config,
      topicPrefix,
      signingKey,
      token,
      async graphql(query, variables = {}, caller = {}) {
        const call = request(app.getHttpServer()).post('/graphql').send({ query, variables });
        if (caller.role) call.set('authorization', `Bearer ${await token(caller.role, caller.ambassadorId)}`);
        return (await call).body;
      },
      close: () => app.close(),
    };
  });

  afterAll(async () => {
    await service?.close();
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(`${dataDir}.log`, { force: true });
  });

  const follow = (slug: string, address: string) => request(service.app.getHttpServer()).get(`/r/${slug}`).set('user-agent', 'Mozilla/5.0 Firefox/128.0').set('x-forwarded-for', address).redirects(0);

  it('keeps answering 302 with a click id; the clicks wait in Kafka and are counted once Postgres is back', async () => {
    const programId = await givenProgram(service);
    const campaignId = await givenActiveCampaign(service, programId);
    const ambassador = await givenAmbassador(service, programId);
    const link = await linkOf(service, campaignId, ambassador.id);
    const counted = async () => ((await dataSourceOf(service).query('SELECT coalesce(sum(counted), 0)::int AS n FROM link_daily_clicks WHERE link_id = $1', [link.id])) as Array<{ n: number }>)[0].n;

    expect((await follow(link.slug, '203.0.113.1')).status).toBe(302);
    await waitFor(async () => (await counted()) === 1, { description: 'the first click counted', timeoutMs: 30_000 });

    await postgres.stop();
    await expect(dataSourceOf(service).query('SELECT 1')).rejects.toThrow();

    const clickIds: string[] = [];
    for (let i = 0; i < 40; i++) {
      const answer = await follow(link.slug, `198.51.100.${i + 1}`);
      expect(answer.status).toBe(302);
      clickIds.push(new URL(answer.headers.location as string).searchParams.get('st_click') as string);
    }
    expect(new Set(clickIds).size).toBe(40);
    const unknown = await follow('zzzzzzzz', '198.51.100.200');
    expect(unknown.status).toBe(404);

    postgres = await ownPostgres();
    expect(await waitFor(async () => ((await counted()) === 41 ? 41 : undefined), { description: 'the clicks made during the outage counted', timeoutMs: 60_000 })).toBe(41);
    const stored = (await dataSourceOf(service).query('SELECT count(*)::int AS n FROM clicks WHERE id = ANY($1::uuid[])', [clickIds])) as Array<{ n: number }>;
    expect(stored[0].n).toBe(40);
  });

  it('credits an order placed during the outage to the click made during it, whichever of the two backlogs drains first', async () => {
    const programId = await givenProgram(service);
    const campaignId = await givenActiveCampaign(service, programId);
    const ambassador = await givenAmbassador(service, programId);
    const link = await linkOf(service, campaignId, ambassador.id);

    await postgres.stop();
    const answer = await follow(link.slug, '192.0.2.7');
    expect(answer.status).toBe(302);
    const clickId = new URL(answer.headers.location as string).searchParams.get('st_click') as string;
    const order = shopOrder(programId, { clickId, placedAt: new Date().toISOString() });
    await placeOrder(service, order);

    postgres = await ownPostgres();
    const conversion = await waitFor(
      async () => ((await dataSourceOf(service).query('SELECT outcome, method, ambassador_id, click_id FROM conversions WHERE order_id = $1', [order.orderId])) as ConversionRow[])[0],
      { description: 'the order attributed once Postgres is back', timeoutMs: 60_000 },
    );
    expect(conversion).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassador_id: ambassador.id, click_id: clickId });
  });
});
