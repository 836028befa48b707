import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1763996400000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        -- Stored lower-cased: one person, one account, whatever case they type.
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        -- NULL until an approved ambassador sets a first password through the reset flow.
        password_hash text,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        ambassador_id uuid UNIQUE,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // Keyed by email, not account: an unknown email locks out exactly like a known one,
    // so the lock-out never tells whether an account exists.
    await runner.query(`
      CREATE TABLE login_failures (
        email text PRIMARY KEY,
        failed_attempts integer NOT NULL,
        locked_until timestamptz(3)
      )`);
    await runner.query(`
      CREATE TABLE password_resets (
        token_hash text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        expires_at timestamptz(3) NOT NULL,
        used_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX password_resets_account ON password_resets (account_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE password_resets');
    await runner.query('DROP TABLE login_failures');
    await runner.query('DROP TABLE accounts');
  }
}
