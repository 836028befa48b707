import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTrainingDeadlines1764010800000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ambassadors DROP CONSTRAINT ambassadors_status_check');
    await runner.query(`ALTER TABLE ambassadors ADD CONSTRAINT ambassadors_status_check CHECK (status IN ('ONBOARDING', 'ACTIVE', 'NEEDS_TRAINING', 'PAUSED', 'OFFBOARDED'))`);
    // Set when a module becomes required for ambassadors already past onboarding.
    await runner.query('ALTER TABLE ambassadors ADD COLUMN training_due_by timestamptz(3)');
    await runner.query(`CREATE INDEX ambassadors_training_due ON ambassadors (training_due_by) WHERE training_due_by IS NOT NULL`);
    await runner.query('ALTER TABLE training_modules ADD COLUMN grace_days integer NOT NULL DEFAULT 14 CHECK (grace_days BETWEEN 0 AND 365)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE training_modules DROP COLUMN grace_days');
    await runner.query('DROP INDEX ambassadors_training_due');
    await runner.query('ALTER TABLE ambassadors DROP COLUMN training_due_by');
    await runner.query(`UPDATE ambassadors SET status = 'ACTIVE' WHERE status = 'NEEDS_TRAINING'`);
    await runner.query('ALTER TABLE ambassadors DROP CONSTRAINT ambassadors_status_check');
    await runner.query(`ALTER TABLE ambassadors ADD CONSTRAINT ambassadors_status_check CHECK (status IN ('ONBOARDING', 'ACTIVE', 'PAUSED', 'OFFBOARDED'))`);
  }
}
