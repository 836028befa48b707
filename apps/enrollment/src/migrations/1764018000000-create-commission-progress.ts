import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCommissionProgress1764018000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // One row per campaigns commission, so the trailing 90-day window can be summed and a
    // reversal that arrives before its earning still counts once the earning lands.
    await runner.query(`
      CREATE TABLE commission_progress (
        commission_id uuid PRIMARY KEY,
        ambassador_id uuid NOT NULL,
        program_id uuid NOT NULL,
        earned boolean NOT NULL DEFAULT false,
        -- In the program's currency, integer minor units.
        sale_minor bigint NOT NULL DEFAULT 0 CHECK (sale_minor >= 0),
        points bigint NOT NULL DEFAULT 0 CHECK (points >= 0),
        reversed_sale_minor bigint NOT NULL DEFAULT 0 CHECK (reversed_sale_minor >= 0),
        reversed_points bigint NOT NULL DEFAULT 0 CHECK (reversed_points >= 0),
        earned_at timestamptz(3) NOT NULL
      )`);
    await runner.query('CREATE INDEX commission_progress_window ON commission_progress (ambassador_id, earned_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE commission_progress');
  }
}
