import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRecoveredCustomers1765110800000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // Customers recovery won back (CustomerRecovered), by claim; only the email's hash is kept.
    await runner.query(`
      CREATE TABLE recovered_customers (
        claim_id uuid PRIMARY KEY,
        program_id uuid NOT NULL,
        customer_id text NOT NULL,
        customer_email_hash char(64) NOT NULL,
        recovered_at timestamptz(3) NOT NULL
      )`);
    await runner.query('CREATE INDEX recovered_customers_program ON recovered_customers (program_id, recovered_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE recovered_customers');
  }
}
