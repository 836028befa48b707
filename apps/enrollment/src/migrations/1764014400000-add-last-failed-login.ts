import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddLastFailedLogin1764014400000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // Failures are forgotten a day after the last one, so the count needs its time.
    await runner.query('ALTER TABLE login_failures ADD COLUMN last_failed_at timestamptz(3)');
    await runner.query('CREATE INDEX login_failures_last_failed_at ON login_failures (last_failed_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX login_failures_last_failed_at');
    await runner.query('ALTER TABLE login_failures DROP COLUMN last_failed_at');
  }
}
