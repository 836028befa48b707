import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApplicationsAndAmbassadors1764000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // Append-only: an application keeps pointing at the version it was judged by.
    await runner.query(`
      CREATE TABLE selection_rule_versions (
        program_id uuid NOT NULL REFERENCES programs (id),
        version integer NOT NULL CHECK (version > 0),
        rules jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (program_id, version)
      )`);
    await runner.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs (id),
        rule_version integer NOT NULL,
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        country char(2) NOT NULL,
        social_handles text[] NOT NULL,
        answers jsonb NOT NULL,
        prior_orders integer NOT NULL,
        customer_since date,
        accepted_terms_at timestamptz(3) NOT NULL,
        score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
        rule_results jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED', 'WAITLISTED', 'WITHDRAWN')),
        -- The applicant has no account yet: this secret (kept hashed) lets them see and withdraw it.
        applicant_token_hash text NOT NULL UNIQUE,
        submitted_from text NOT NULL,
        decided_by text,
        decided_at timestamptz(3),
        decision_note text,
        reason_for_applicant text,
        ambassador_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // One open application per email, whatever the program: enforced by the database, so two
    // submissions racing each other can't both get in.
    await runner.query(`CREATE UNIQUE INDEX applications_one_open_per_email ON applications (email) WHERE status IN ('SUBMITTED', 'UNDER_REVIEW', 'WAITLISTED')`);
    await runner.query('CREATE INDEX applications_created_at_id ON applications (created_at, id)');
    await runner.query('CREATE INDEX applications_email ON applications (email, created_at)');
    await runner.query('CREATE INDEX applications_submitted_from ON applications (submitted_from, created_at)');
    await runner.query(`
      CREATE TABLE ambassadors (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs (id),
        application_id uuid NOT NULL UNIQUE REFERENCES applications (id),
        email text NOT NULL,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('ONBOARDING', 'ACTIVE', 'PAUSED', 'OFFBOARDED')),
        referral_code text NOT NULL,
        status_reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        status_changed_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // Codes are typed by customers in any case: ANA-7KQ2 and ana-7kq2 are the same code.
    await runner.query('CREATE UNIQUE INDEX ambassadors_referral_code_unique ON ambassadors (lower(referral_code))');
    await runner.query('CREATE UNIQUE INDEX ambassadors_one_per_program_email ON ambassadors (program_id, email)');
    await runner.query('CREATE INDEX ambassadors_created_at_id ON ambassadors (created_at, id)');
    await runner.query('ALTER TABLE accounts ADD CONSTRAINT accounts_ambassador FOREIGN KEY (ambassador_id) REFERENCES ambassadors (id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE accounts DROP CONSTRAINT accounts_ambassador');
    await runner.query('DROP TABLE ambassadors');
    await runner.query('DROP TABLE applications');
    await runner.query('DROP TABLE selection_rule_versions');
  }
}
