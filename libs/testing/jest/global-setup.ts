// Runs once per jest run that selects an integration test: one real Postgres and one
// real Kafka broker for all test files, unless DATABASE_URL / KAFKA_BROKERS point at
// existing ones. Workers inherit TEST_DATABASE_URL and KAFKA_BROKERS from here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
// Jest loads global set-up outside its module registry, where the tsconfig aliases do not
// resolve, so its cross-project import has to be a path.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { freePorts, repoRoot, startKafka, startPostgres } from '../../local-infra/src';
import { assertTestDatabase } from '../src/test-database-guard';
import { clearStaleRuns } from './stale-runs';
import { saveTestInfra } from './test-infra-state';

const testDatabase = 'streetteam_test';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  // Refuse before anything starts: a database not named for tests is never touched.
  assertTestDatabase(process.env.DATABASE_URL ?? `postgres://127.0.0.1/${testDatabase}`);
  const externalKafka = Boolean(process.env.KAFKA_BROKERS);
  const local = path.join(repoRoot(), '.local', 'test');
  const pgRuns = path.join(local, 'pg');
  const kafkaRuns = path.join(local, 'kafka');
  await clearStaleRuns([pgRuns, kafkaRuns]);

  // Per-process folders: several jest runs on one checkout must not share a data dir.
  const pgDir = path.join(pgRuns, String(process.pid));
  const kafkaDir = path.join(kafkaRuns, String(process.pid));
  const [pgPort, brokerPort, controllerPort] = await freePorts(3);

  const timed = async <T>(what: string, start: () => Promise<T>): Promise<[T, string]> => {
    const at = Date.now();
    const value = await start();
    return [value, `${what} ${((Date.now() - at) / 1000).toFixed(1)}s`];
  };
  const [pgResult, kafkaResult] = await Promise.allSettled([
    timed('postgres', () =>
      startPostgres({
        dataDir: pgDir,
        port: pgPort,
        fresh: true,
        databases: [testDatabase],
        // Throw-away data: durability only costs time here.
        settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
      }),
    ),
    timed('kafka', () =>
      startKafka({
        dataDir: kafkaDir,
        port: brokerPort,
        controllerPort,
        log: (line) => process.stderr.write(`  ${line}\n`),
      }),
    ),
  ]);
  if (pgResult.status === 'rejected' || kafkaResult.status === 'rejected') {
    // Whatever did start must not outlive the failed set-up.
    if (pgResult.status === 'fulfilled') await pgResult.value[0].stop();
    if (kafkaResult.status === 'fulfilled') await kafkaResult.value[0].stop();
    throw pgResult.status === 'rejected' ? pgResult.reason : (kafkaResult as PromiseRejectedResult).reason;
  }
  const [postgres, pgTime] = pgResult.value;
  const [kafka, kafkaTime] = kafkaResult.value;

  process.env.TEST_DATABASE_URL = postgres.url(testDatabase);
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  // kafkajs 2 warns about its default partitioner on every producer; noise in test output.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

  const killBrokerOnExit = externalKafka ? undefined : brokerKiller(kafkaDir);
  if (killBrokerOnExit) process.once('exit', killBrokerOnExit);
  saveTestInfra({ postgres, kafka, runDirs: [pgDir, `${pgDir}.log`, kafkaDir], killBrokerOnExit });

  const total = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`\ntest infra ready in ${total}s (${pgTime}, ${kafkaTime})\n`);
}

/**
 * The broker runs detached (kafka.sh), so a jest run interrupted before its
 * teardown would leave it behind; this kills it as the process exits.
 */
function brokerKiller(kafkaDir: string): () => void {
  return () => {
    try {
      const pid = Number(readFileSync(path.join(kafkaDir, 'kafka.pid'), 'utf8'));
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch {
      // No pid file: the broker was stopped already, or never started here.
    }
  };
}
