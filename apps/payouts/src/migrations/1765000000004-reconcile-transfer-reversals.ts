import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation also matches Stripe's `transfer_refund` lines (source: the reversal,
 * `trr_…`) to the ledger's transfer reversals: an item names the reversal it is about.
 */
export class ReconcileTransferReversals1765000000004 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE reconciliation_items ADD COLUMN stripe_reversal_id text');
    await runner.query('CREATE INDEX transfer_reversals_recorded ON transfer_reversals (recorded_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX transfer_reversals_recorded');
    await runner.query('ALTER TABLE reconciliation_items DROP COLUMN stripe_reversal_id');
  }
}
