import { Client } from 'pg';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { withSessionLock } from './session-lock';

export interface ServiceDatabaseOptions {
  /** postgres://… of the shared server; each service lives in its own schema there. */
  url: string;
  /** The service's own schema: no service reads another's tables (DESIGN.md). */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /** Marks the pool's connections in pg_stat_activity. */
  applicationName?: string;
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!identifier.test(schema)) {
    throw new Error(`schema "${schema}" must be a lowercase SQL identifier`);
  }
}

/**
 * TypeORM options for one service. The connection's search_path is the service's
 * schema, so raw SQL (outbox, inbox, counters) lands in the service's own tables
 * without qualifying every name; synchronize stays off: migrations own the schema.
 */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  assertSchemaName(options.schema);
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries reach the caller as errors (a unique violation is often expected); no double logging.
    logging: false,
    applicationName: options.applicationName ?? options.schema,
    extra: {
      max: options.poolSize ?? 10,
      options: `-c search_path=${options.schema},public`,
    },
  };
}

/** Migrations keep their bookkeeping table inside the schema, so the schema must exist first. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  assertSchemaName(schema);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    // Two replicas starting at once race on CREATE SCHEMA; the loser sees a unique violation.
    if ((error as { code?: string }).code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

/** Creates the schema, connects and applies pending migrations (safe with several replicas: TypeORM locks). */
export async function openServiceDatabase(options: ServiceDatabaseOptions): Promise<DataSource> {
  await ensureSchema(options.url, options.schema);
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  await dataSource.initialize();
  await migrateWithLock(dataSource, options.schema);
  return dataSource;
}

/** Several replicas may start together; an advisory lock makes them take turns migrating. */
export async function migrateWithLock(dataSource: DataSource, schema: string): Promise<void> {
  await withSessionLock(dataSource, `migrations:${schema}`, { wait: true }, () => dataSource.runMigrations({ transaction: 'each' }));
}
