import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdeas1765100000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // The program's promise: every idea gets a first answer within this many days.
    await runner.query(`ALTER TABLE programs ADD COLUMN idea_answer_promise_days integer NOT NULL DEFAULT 14 CHECK (idea_answer_promise_days BETWEEN 1 AND 365)`);
    await runner.query(`
      CREATE TABLE ideas (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs (id),
        submitter_kind text NOT NULL CHECK (submitter_kind IN ('AMBASSADOR', 'CUSTOMER')),
        ambassador_id uuid,
        -- A public submitter's own contact, shown to nobody else; its hash counts them as a contributing customer.
        submitter_email text,
        submitter_email_hash char(64),
        submitter_token_hash char(64) UNIQUE,
        submitted_from text,
        title text NOT NULL,
        body text NOT NULL,
        status text NOT NULL CHECK (status IN ('RECEIVED', 'UNDER_REVIEW', 'PLANNED', 'SHIPPED', 'DECLINED')),
        first_answered_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((submitter_kind = 'AMBASSADOR') = (ambassador_id IS NOT NULL)),
        CHECK ((submitter_kind = 'CUSTOMER') = (submitter_token_hash IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX ideas_program_created ON ideas (program_id, created_at, id)`);
    await runner.query(`CREATE INDEX ideas_unanswered ON ideas (program_id, created_at) WHERE first_answered_at IS NULL`);
    await runner.query(`CREATE INDEX ideas_ambassador ON ideas (ambassador_id, created_at) WHERE ambassador_id IS NOT NULL`);
    await runner.query(`CREATE INDEX ideas_submitted_from ON ideas (submitted_from, created_at) WHERE submitted_from IS NOT NULL`);
    await runner.query(`
      CREATE TABLE idea_answers (
        id uuid PRIMARY KEY,
        idea_id uuid NOT NULL REFERENCES ideas (id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        answer text NOT NULL,
        answered_by text NOT NULL,
        answered_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX idea_answers_idea ON idea_answers (idea_id, answered_at, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE idea_answers');
    await runner.query('DROP TABLE ideas');
    await runner.query('ALTER TABLE programs DROP COLUMN idea_answer_promise_days');
  }
}
