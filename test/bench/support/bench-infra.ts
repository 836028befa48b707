import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts, repoRoot, startKafka, startPostgres } from '@streetteam/local-infra';

export interface BenchInfra {
  databaseUrl: string;
  brokers: string[];
  /** With `statements`: Postgres's statements that took the most time so far, one line each. */
  topStatements(limit?: number): Promise<string[]>;
  stop(): Promise<void>;
}

export interface BenchInfraOptions {
  /** Load pg_stat_statements into the bench's own server, for topStatements (a diagnostic; it costs a little). */
  statements?: boolean;
}

/**
 * A fresh Postgres and Kafka for one benchmark run (or the ones DATABASE_URL and
 * KAFKA_BROKERS name), in .local/bench, gone when the run ends.
 */
export async function startBenchInfra(name: string, options: BenchInfraOptions = {}): Promise<BenchInfra> {
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
      settings: { max_connections: '200', ...(options.statements ? { shared_preload_libraries: 'pg_stat_statements' } : {}) },
    }),
    startKafka({ dataDir: path.join(root, 'kafka'), port: kafkaPort, controllerPort, log: () => undefined }),
  ]);
  const databaseUrl = process.env.DATABASE_URL ? await benchDatabaseOn(process.env.DATABASE_URL, database) : pg.url(database);
  return {
    databaseUrl,
    brokers: kafka.brokers,
    topStatements: (limit = 15) => topStatements(databaseUrl, limit),
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

async function topStatements(url: string, limit: number): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const { rows } = await client.query(
      `SELECT round(total_exec_time)::bigint AS ms, calls, rows, regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r: { ms: string; calls: string; rows: string; query: string }) => `${String(r.ms).padStart(7)} ms ${String(r.calls).padStart(7)} calls ${String(r.rows).padStart(8)} rows  ${r.query.slice(0, 160)}`);
  } finally {
    await client.end();
  }
}
