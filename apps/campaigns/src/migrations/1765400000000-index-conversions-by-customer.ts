import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexConversionsByCustomer1765400000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // The many-orders-from-one-customer rule looks up a customer's attributed orders of the
    // last day by id or by email: through these it reads that customer's orders only, not
    // every order of the ambassador's day, which grows with the ambassador's success.
    await runner.query(`CREATE INDEX conversions_attributed_customer ON conversions (customer_id, placed_at) WHERE outcome = 'ATTRIBUTED'`);
    await runner.query(`CREATE INDEX conversions_attributed_email ON conversions (customer_email_hash, placed_at) WHERE outcome = 'ATTRIBUTED'`);
    // A recurring order's referral (a customer's first attributed order by code or click) is
    // found through the customer's index too: one index fewer for every conversion to write.
    await runner.query('DROP INDEX conversions_referred_customer');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX conversions_referred_customer ON conversions (program_id, customer_id, placed_at) WHERE outcome = 'ATTRIBUTED' AND method IN ('CODE', 'CLICK')`);
    await runner.query('DROP INDEX conversions_attributed_email');
    await runner.query('DROP INDEX conversions_attributed_customer');
  }
}
