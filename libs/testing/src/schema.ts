import { Client } from 'pg';
import { assertTestDatabase } from './test-database-guard';

/** Creates `schema` (if missing) in the test database at `url`. */
export async function createSchema(url: string, schema: string): Promise<void> {
  await withClient(url, (client) => client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`));
}

/** Drops `schema` and everything in it, if it exists. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  await withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`));
}

async function withClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  assertTestDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
