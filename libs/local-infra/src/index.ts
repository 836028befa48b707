export { startPostgres } from './postgres';
export type { PostgresOptions, RunningPostgres } from './postgres';
export { startKafka } from './kafka';
export type { KafkaOptions, RunningKafka } from './kafka';
export { startStripeMock } from './stripe-mock';
export type { StripeMockOptions, RunningStripeMock } from './stripe-mock';
export { freePort, freePorts, portAnswers, waitForPort } from './ports';
export { repoRoot } from './repo-root';
