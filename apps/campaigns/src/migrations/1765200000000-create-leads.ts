import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLeads1765200000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // Leads from the shop (sign-ups, quote requests: no sale), stored once by the shop's id.
    await runner.query(`
      CREATE TABLE leads (
        lead_id text PRIMARY KEY,
        program_id uuid NOT NULL,
        customer_id text NOT NULL,
        customer_email_hash char(64) NOT NULL,
        discount_code text,
        click_id uuid,
        captured_at timestamptz(3) NOT NULL,
        received_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // How each lead was (or wasn't) attributed, and why: one per lead. Apart from conversions,
    // whose rows are orders to the fraud rules, recurring orders and program health.
    await runner.query(`
      CREATE TABLE lead_conversions (
        id uuid PRIMARY KEY,
        lead_id text NOT NULL UNIQUE REFERENCES leads (lead_id),
        program_id uuid NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('ATTRIBUTED', 'UNATTRIBUTED', 'REFUSED')),
        method text CHECK (method IN ('CODE', 'CLICK')),
        reason text NOT NULL,
        campaign_id uuid,
        ambassador_id uuid,
        click_id uuid,
        discount_code text,
        customer_id text NOT NULL,
        customer_email_hash char(64) NOT NULL,
        captured_at timestamptz(3) NOT NULL,
        decided_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX lead_conversions_ambassador ON lead_conversions (ambassador_id, captured_at DESC)');
    // A lead's commission, once per lead.
    await runner.query('ALTER TABLE commissions ADD COLUMN lead_id text UNIQUE');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE commissions DROP COLUMN lead_id');
    await runner.query('DROP TABLE lead_conversions');
    await runner.query('DROP TABLE leads');
  }
}
