// Test support shared by this service's integration tests: one enrollment app per test
// file on its own schema and topic prefix, and a GraphQL caller.
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { mintToken, MintTokenInput } from '@streetteam/auth';
import { loadSubgraphServiceConfig } from '@streetteam/subgraph-service';
import { dropSchema, kafkaBrokers, readTopic, SeenMessage, testDatabaseUrl, uniqueName } from '@streetteam/testing';
import { EnrollmentModule } from '../src/enrollment.module';

export const signingKey = 'enrollment-test-signing-key-of-decent-length';

export interface GraphQLAnswer<D> {
  data?: D | null;
  errors?: Array<{ message: string; extensions: { code: string; reason?: string; [key: string]: unknown } }>;
}

export interface EventSeen<P> {
  type: string;
  producer: string;
  key: string;
  payload: P;
}

export class EnrollmentTestApp {
  readonly schema = uniqueName('enrollment');
  readonly topicPrefix = `${uniqueName('t')}.`;
  app!: INestApplication;

  async start(env: Record<string, string> = {}): Promise<this> {
    const config = loadSubgraphServiceConfig('enrollment', 0, {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: this.schema,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      AUTH_DEV_SIGNING_KEY: signingKey,
      LOG_LEVEL: 'error',
      NODE_ENV: 'test',
      ...env,
    });
    this.app = await NestFactory.create(EnrollmentModule.forRoot(config, { writeSchema: false }), { logger: false });
    this.app.enableShutdownHooks();
    await this.app.init();
    return this;
  }

  async stop(dropTheSchema = true): Promise<void> {
    await this.app?.close();
    if (dropTheSchema) await dropSchema(testDatabaseUrl(), this.schema);
  }

  /** Calls /graphql as whoever `as` names: a token, token claims, or nobody. */
  async graphql<D>(query: string, variables: Record<string, unknown> = {}, as?: string | MintTokenInput, headers: Record<string, string> = {}): Promise<GraphQLAnswer<D>> {
    const call = request(this.app.getHttpServer()).post('/graphql').send({ query, variables });
    for (const [name, value] of Object.entries(headers)) call.set(name, value);
    if (as !== undefined) call.set('authorization', `Bearer ${typeof as === 'string' ? as : await mintToken(as, signingKey)}`);
    return (await call).body as GraphQLAnswer<D>;
  }

  /** Waits for events on one of the service's topics that `match` picks. */
  async events<P>(topic: string, match: (event: EventSeen<P>) => boolean, count = 1): Promise<Array<SeenMessage<EventSeen<P>>>> {
    const picked = (seen: Array<SeenMessage<EventSeen<P>>>) => seen.filter((m) => m.value !== null && match(m.value));
    const seen = await readTopic<EventSeen<P>>(kafkaBrokers(), `${this.topicPrefix}${topic}`, {
      until: (messages) => picked(messages).length >= count,
      timeoutMs: 30000,
    });
    return picked(seen);
  }

  /** Everything on a topic after a short wait, to show that an event did not happen. */
  async allEvents<P>(topic: string, waitMs = 3000): Promise<Array<EventSeen<P>>> {
    const seen = await readTopic<EventSeen<P>>(kafkaBrokers(), `${this.topicPrefix}${topic}`, { timeoutMs: waitMs });
    return seen.map((m) => m.value).filter((v): v is EventSeen<P> => v !== null);
  }
}
