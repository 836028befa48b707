import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts, repoRoot, startKafka, startPostgres } from '@streetteam/local-infra';

export interface BenchInfra {
  databaseUrl: string;
  brokers: string[];
  stop(): Promise<void>;
}

/**
 * A fresh Postgres and Kafka for one benchmark run (or the ones DATABASE_URL and
 * KAFKA_BROKERS name), in .local/bench, gone when the run ends.
 */
export async function startBenchInfra(name: string): Promise<BenchInfra> {
  const root = path.join(repoRoot(), '.local', 'bench', name);
  // Fresh broker data too: a consumer group left from an earlier run would replay its tail here.
  await rm(root, { recursive: true, force: true });
  const [pgPort, kafkaPort, controllerPort] = await freePorts(3);
  const database = `streetteam_bench_${name.replace(/[^a-z0-9]/g, '_')}`;
  const [pg, kafka] = await Promise.all([
    startPostgres({
      dataDir: path.join(root, 'pg'),
      port: pgPort,
      fresh: true,
      databases: [database],
      settings: { max_connections: '200' },
    }),
    startKafka({ dataDir: path.join(root, 'kafka'), port: kafkaPort, controllerPort, log: () => undefined }),
  ]);
  const databaseUrl = process.env.DATABASE_URL ? await benchDatabaseOn(process.env.DATABASE_URL, database) : pg.url(database);
  return {
    databaseUrl,
    brokers: kafka.brokers,
    stop: async () => {
      await Promise.allSettled([kafka.stop(), pg.stop()]);
    },
  };
}

/** On an existing server, the benchmark uses a database of its own, never the real one. */
async function benchDatabaseOn(url: string, database: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}
