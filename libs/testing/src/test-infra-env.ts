import { assertTestDatabase } from './test-database-guard';

/**
 * The database and brokers the jest global set-up started (or was pointed at);
 * read through these so a test can never reach a database not meant for tests.
 */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: run integration tests through jest (libs/testing global set-up)');
  }
  assertTestDatabase(url);
  return url;
}

export function kafkaBrokers(): string[] {
  const list = process.env.KAFKA_BROKERS;
  if (!list) throw new Error('KAFKA_BROKERS is not set: run integration tests through jest (libs/testing global set-up)');
  return list
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}
