import { Client } from 'pg';
import { assertTestDatabase, testDatabaseUrl, uniqueName } from '@streetteam/testing';

export interface OwnDatabase {
  url: string;
  create(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A database of its own on the test server, for tests that run whole services (each of
 * which makes its own schemas), so they meet no other test's tables.
 */
export function ownTestDatabase(prefix: string): OwnDatabase {
  const name = uniqueName(`${prefix}_test`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  assertTestDatabase(url.toString());
  const asAdmin = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(sql.replace('$name', client.escapeIdentifier(name)));
    } finally {
      await client.end();
    }
  };
  return {
    url: url.toString(),
    create: () => asAdmin('CREATE DATABASE $name'),
    drop: () => asAdmin('DROP DATABASE IF EXISTS $name WITH (FORCE)'),
  };
}
