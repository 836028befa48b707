import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateClickWaits1765300000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // Orders and leads (stored in orders and leads) that arrived before their click was stored:
    // not yet decided, waiting for the click or for the grace period. Deleting the row is what
    // takes the decision, so the click and the sweeper never both decide one.
    await runner.query(`
      CREATE TABLE click_waits (
        kind text NOT NULL CHECK (kind IN ('ORDER', 'LEAD')),
        referral_id text NOT NULL,
        click_id uuid NOT NULL,
        parked_at timestamptz(3) NOT NULL,
        PRIMARY KEY (kind, referral_id)
      )`);
    await runner.query('CREATE INDEX click_waits_click ON click_waits (click_id)');
    await runner.query('CREATE INDEX click_waits_parked ON click_waits (parked_at)');
    // Every attributed order looks for the claims resolved before its commission existed (while it waited).
    await runner.query('CREATE INDEX guarantee_claims_without_commission ON guarantee_claims (order_id) WHERE commission_id IS NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX guarantee_claims_without_commission');
    await runner.query('DROP TABLE click_waits');
  }
}
