import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClickWaitFailures1765500000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // A waiting order or lead whose decision failed: how often, the last error, and when it
    // is tried again. The sweeper takes the oldest first, so one that kept failing would
    // otherwise stand in front of every other, for good.
    await runner.query(`
      ALTER TABLE click_waits
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN last_error text,
        ADD COLUMN retry_at timestamptz(3)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE click_waits DROP COLUMN retry_at, DROP COLUMN last_error, DROP COLUMN attempts');
  }
}
