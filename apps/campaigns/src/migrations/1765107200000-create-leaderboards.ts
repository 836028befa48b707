import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLeaderboards1765107200000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // One row per campaign × ambassador, kept as credits arrive; read in index order.
    await runner.query(`
      CREATE TABLE leaderboard_entries (
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        ambassador_id uuid NOT NULL,
        program_id uuid NOT NULL,
        points bigint NOT NULL DEFAULT 0 CHECK (points >= 0),
        -- Attributed sales, in integer minor units of the campaign's currency.
        sales_minor bigint NOT NULL DEFAULT 0 CHECK (sales_minor >= 0),
        points_reached_at timestamptz(3) NOT NULL,
        sales_reached_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        PRIMARY KEY (campaign_id, ambassador_id)
      )`);
    await runner.query('CREATE INDEX leaderboard_by_points ON leaderboard_entries (campaign_id, points DESC, points_reached_at, ambassador_id)');
    await runner.query('CREATE INDEX leaderboard_by_sales ON leaderboard_entries (campaign_id, sales_minor DESC, sales_reached_at, ambassador_id)');
    // Every credit counted once, by business key (a commission, a reversal, an approved mission),
    // whatever envelope it came in; a reversal finds its commission's campaign here.
    await runner.query(`
      CREATE TABLE leaderboard_credits (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('COMMISSION', 'REVERSAL', 'MISSION')),
        commission_id uuid,
        campaign_id uuid NOT NULL,
        ambassador_id uuid NOT NULL,
        points bigint NOT NULL,
        sales_minor bigint NOT NULL,
        credited_at timestamptz(3) NOT NULL
      )`);
    await runner.query(`CREATE INDEX leaderboard_credits_commission ON leaderboard_credits (commission_id) WHERE kind = 'COMMISSION'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE leaderboard_credits');
    await runner.query('DROP TABLE leaderboard_entries');
  }
}
