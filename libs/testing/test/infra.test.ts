import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  createSchema,
  createTopics,
  dropSchema,
  kafkaBrokers,
  readTopic,
  testDatabaseUrl,
  uniqueName,
} from '../src';

describe('the shared test infrastructure', () => {
  const schema = uniqueName('infra_test');

  afterAll(async () => {
    await dropSchema(testDatabaseUrl(), schema);
  });

  it('serves a real Postgres whose database is named for tests', async () => {
    await createSchema(testDatabaseUrl(), schema);
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; database: string; has_schema: boolean }>(
        `SELECT version() AS version, current_database() AS database,
                EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS has_schema`,
        [schema],
      );
      expect(rows[0].version).toMatch(/^PostgreSQL \d+/);
      expect(rows[0].database).toContain('test');
      expect(rows[0].has_schema).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('round-trips an event with its headers through a fresh Kafka topic', async () => {
    const topic = uniqueName('infra_test');
    await createTopics(kafkaBrokers(), [topic], 1);
    const producer = new Kafka({ clientId: 'infra-test', brokers: kafkaBrokers(), logLevel: logLevel.WARN }).producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [
          {
            key: 'amb-1',
            value: JSON.stringify({ type: 'AmbassadorApproved', payload: { ambassadorId: 'amb-1' } }),
            headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const seen = await readTopic(kafkaBrokers(), topic, { count: 1 });

    expect(seen).toEqual([
      expect.objectContaining({
        key: 'amb-1',
        value: { type: 'AmbassadorApproved', payload: { ambassadorId: 'amb-1' } },
        headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      }),
    ]);
  });
});
