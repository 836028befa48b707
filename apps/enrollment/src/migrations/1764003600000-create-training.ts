import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTraining1764003600000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE training_modules (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs (id),
        title text NOT NULL,
        body text,
        link text,
        required boolean NOT NULL,
        pass_mark integer NOT NULL CHECK (pass_mark BETWEEN 0 AND 100),
        -- [{ prompt, options[], correctOption }]: the answers never leave the service.
        questions jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (body IS NOT NULL OR link IS NOT NULL)
      )`);
    await runner.query('CREATE INDEX training_modules_program ON training_modules (program_id, created_at, id)');
    // Every attempt is kept, passed or not: how many tries a module takes says something about it.
    await runner.query(`
      CREATE TABLE training_attempts (
        id uuid PRIMARY KEY,
        module_id uuid NOT NULL REFERENCES training_modules (id),
        ambassador_id uuid NOT NULL REFERENCES ambassadors (id),
        answers integer[] NOT NULL,
        score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
        passed boolean NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX training_attempts_ambassador ON training_attempts (ambassador_id, module_id) WHERE passed');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE training_attempts');
    await runner.query('DROP TABLE training_modules');
  }
}
