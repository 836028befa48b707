export { testDatabaseUrl, kafkaBrokers } from './test-infra-env';
export { assertTestDatabase } from './test-database-guard';
export { uniqueName } from './unique-name';
export { waitFor } from './wait-for';
export type { WaitForOptions } from './wait-for';
export { createSchema, dropSchema } from './schema';
export { createTopics, readTopic } from './topics';
export type { SeenMessage, ReadTopicOptions } from './topics';
export { randomInt, seededRandom } from './seeded-random';
