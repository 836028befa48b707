import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { mintToken, Role } from '@streetteam/auth';
import { loadSubgraphServiceConfig, SubgraphServiceConfig } from '@streetteam/subgraph-service';
import { dropSchema, kafkaBrokers, testDatabaseUrl, uniqueName } from '@streetteam/testing';

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions: { code: string; [key: string]: unknown } }>;
}

export interface Caller {
  role?: Role;
  ambassadorId?: string;
  correlationId?: string;
}

/** One subgraph service running in this test process on the shared test Postgres and Kafka. */
export interface TestService {
  app: INestApplication;
  config: SubgraphServiceConfig;
  /** The service's topics all start with this: the file's own slice of the broker. */
  topicPrefix: string;
  signingKey: string;
  token(role: Role, ambassadorId?: string): Promise<string>;
  /** POSTs to /graphql as the caller (anonymous when no role). */
  graphql<T>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLAnswer<T>>;
  /** Stops the app (gracefully, as in production) and drops its schema. */
  close(): Promise<void>;
}

const signingKey = 'streetteam-test-signing-key-at-least-32-characters';

/**
 * Boots a service's app module in-process with a schema and topic prefix of its own,
 * so test files can run side by side. Pass a topicPrefix to make several services
 * share topics (they then see each other's events).
 */
export async function startTestService(
  service: string,
  appModule: (config: SubgraphServiceConfig) => DynamicModule,
  options: { topicPrefix?: string } = {},
): Promise<TestService> {
  const topicPrefix = options.topicPrefix ?? `${uniqueName('t')}.`;
  const config = loadSubgraphServiceConfig(service, 0, {
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: uniqueName(service),
    KAFKA_BROKERS: kafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    AUTH_DEV_SIGNING_KEY: signingKey,
    LOG_LEVEL: 'error',
  });
  // rawBody as createServiceApp sets it, so webhook signatures verify in tests too.
  const app = await NestFactory.create(appModule(config), { logger: false, rawBody: true });
  app.enableShutdownHooks();
  await app.init();

  const token = (role: Role, ambassadorId?: string) =>
    mintToken({ subject: `${role.toLowerCase()}-${ambassadorId ?? 'staff'}`, roles: [role], ambassadorId }, signingKey);

  return {
    app,
    config,
    topicPrefix,
    signingKey,
    token,
    async graphql<T>(query: string, variables: Record<string, unknown> = {}, caller: Caller = {}) {
      const call = request(app.getHttpServer()).post('/graphql').send({ query, variables });
      if (caller.role) call.set('authorization', `Bearer ${await token(caller.role, caller.ambassadorId)}`);
      if (caller.correlationId) call.set('x-correlation-id', caller.correlationId);
      return (await call).body as GraphQLAnswer<T>;
    },
    async close() {
      await app.close();
      await dropSchema(testDatabaseUrl(), config.databaseSchema);
    },
  };
}
