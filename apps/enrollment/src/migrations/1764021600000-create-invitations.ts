import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInvitations1764021600000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // One invitation per program and email, however often recovery reports the customer.
    await runner.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs (id),
        email text NOT NULL,
        source text NOT NULL CHECK (source IN ('RECOVERY')),
        claim_id uuid NOT NULL,
        customer_id text NOT NULL,
        sent_at timestamptz(3) NOT NULL,
        UNIQUE (program_id, email)
      )`);
    await runner.query(`ALTER TABLE applications ADD COLUMN source text NOT NULL DEFAULT 'DIRECT' CHECK (source IN ('DIRECT', 'RECOVERY_INVITATION'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE applications DROP COLUMN source');
    await runner.query('DROP TABLE invitations');
  }
}
