import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stripe's balance transactions of one reconciliation, loaded in bulk and matched in SQL. */
export class CreateReconciliationLines1765000000001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // Unlogged: a scratch copy of what Stripe says, reloaded by the next report if lost.
    await runner.query(`
      CREATE UNLOGGED TABLE reconciliation_stripe_lines (
        report_id uuid NOT NULL,
        balance_transaction_id text NOT NULL,
        type text NOT NULL,
        source text,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL
      )`);
    await runner.query('CREATE INDEX reconciliation_stripe_lines_report ON reconciliation_stripe_lines (report_id)');
    await runner.query(`ALTER TABLE reconciliation_reports ADD COLUMN totals jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE reconciliation_reports DROP COLUMN totals');
    await runner.query('DROP TABLE reconciliation_stripe_lines');
  }
}
