import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@streetteam/messaging';

export class CreatePrograms1763924400000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner);
    await runner.query(`
      CREATE TABLE programs (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        currency char(3) NOT NULL,
        guarantee_window_days integer NOT NULL CHECK (guarantee_window_days BETWEEN 0 AND 365),
        created_by text NOT NULL,
        -- Millisecond precision, as JavaScript dates have: keyset cursors must round-trip exactly.
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // Program names are how ops tell programs apart; two that differ only by case would confuse.
    await runner.query('CREATE UNIQUE INDEX programs_name_unique ON programs (lower(name))');
    await runner.query('CREATE INDEX programs_created_at_id ON programs (created_at, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE programs');
    await dropMessagingTables(runner);
  }
}
