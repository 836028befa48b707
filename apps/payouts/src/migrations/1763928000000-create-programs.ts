import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@streetteam/messaging';

export class CreatePrograms1763928000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner);
    // Payouts' own record of each program enrollment created (from ProgramCreated).
    await runner.query(`
      CREATE TABLE programs (
        id uuid PRIMARY KEY,
        currency char(3) NOT NULL,
        hold_days integer NOT NULL CHECK (hold_days >= 0),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE programs');
    await dropMessagingTables(runner);
  }
}
