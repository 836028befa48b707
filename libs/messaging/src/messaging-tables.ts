import { QueryRunner } from 'typeorm';

/**
 * The outbox and inbox live in each service's own schema (the connection's
 * search_path), so a state change, its event and the record of a handled event
 * can share one transaction. Every service's first migration calls these.
 */
export async function createMessagingTables(runner: QueryRunner): Promise<void> {
  await runner.query(`
    CREATE TABLE outbox (
      seq bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      topic text NOT NULL,
      key text NOT NULL,
      lane smallint NOT NULL,
      envelope text NOT NULL,
      headers jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
  await runner.query('CREATE INDEX outbox_lane_seq ON outbox (lane, seq)');
  await runner.query(`
    CREATE TABLE inbox (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
}

export async function dropMessagingTables(runner: QueryRunner): Promise<void> {
  await runner.query('DROP TABLE inbox');
  await runner.query('DROP TABLE outbox');
}
