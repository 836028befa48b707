import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCommissionProgressReversals1765200000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // Each reversal counts once against tier progress, whatever envelope brings it again.
    await runner.query(`
      CREATE TABLE commission_progress_reversals (
        reversal_id uuid PRIMARY KEY,
        commission_id uuid NOT NULL,
        counted_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE commission_progress_reversals');
  }
}
