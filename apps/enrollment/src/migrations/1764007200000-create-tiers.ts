import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTiers1764007200000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tiers (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs (id),
        name text NOT NULL,
        rank integer NOT NULL CHECK (rank >= 0),
        -- In the program's currency, integer minor units.
        min_sales_minor bigint NOT NULL CHECK (min_sales_minor >= 0),
        min_points integer NOT NULL CHECK (min_points >= 0),
        multiplier_bps integer NOT NULL CHECK (multiplier_bps BETWEEN 0 AND 100000),
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (program_id, rank)
      )`);
    await runner.query('CREATE UNIQUE INDEX tiers_program_name ON tiers (program_id, lower(name))');
    await runner.query('ALTER TABLE ambassadors ADD COLUMN tier_id uuid REFERENCES tiers (id), ADD COLUMN tier_changed_at timestamptz(3)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ambassadors DROP COLUMN tier_changed_at, DROP COLUMN tier_id');
    await runner.query('DROP TABLE tiers');
  }
}
