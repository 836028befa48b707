import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMissions1765103600000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE missions (
        id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        program_id uuid NOT NULL REFERENCES programs (id),
        kind text NOT NULL CHECK (kind IN ('SOCIAL_POST', 'EVENT', 'PRODUCT_REVIEW', 'IDEA', 'REFERRAL_GOAL')),
        involvement text NOT NULL CHECK (involvement IN ('DELIVER_SERVICE', 'IMPROVE_PRODUCTS', 'PRODUCE_PERSONAL_VALUE', 'SALES_AND_MARKETING')),
        title text NOT NULL,
        description text NOT NULL,
        points integer NOT NULL CHECK (points >= 0),
        -- An optional bounty, in integer minor units of the campaign's currency.
        bounty_minor bigint CHECK (bounty_minor > 0),
        currency char(3) NOT NULL,
        proof text NOT NULL CHECK (proof IN ('NONE', 'LINK', 'TEXT')),
        limit_per_ambassador integer NOT NULL CHECK (limit_per_ambassador >= 1),
        starts_at timestamptz(3) NOT NULL,
        ends_at timestamptz(3),
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL,
        CHECK (ends_at IS NULL OR ends_at > starts_at)
      )`);
    await runner.query('CREATE INDEX missions_campaign ON missions (campaign_id, created_at, id)');
    await runner.query(`
      CREATE TABLE mission_submissions (
        id uuid PRIMARY KEY,
        mission_id uuid NOT NULL REFERENCES missions (id),
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        ambassador_id uuid NOT NULL,
        proof_url text,
        proof_text text,
        status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
        -- What the ambassador is told when it is rejected.
        rejection_reason text,
        reviewed_by text,
        reviewed_at timestamptz(3),
        submitted_at timestamptz(3) NOT NULL,
        CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL)),
        CHECK ((status = 'PENDING') = (reviewed_at IS NULL))
      )`);
    await runner.query('CREATE INDEX mission_submissions_mission_ambassador ON mission_submissions (mission_id, ambassador_id)');
    await runner.query('CREATE INDEX mission_submissions_ambassador ON mission_submissions (ambassador_id, submitted_at, id)');
    await runner.query('CREATE INDEX mission_submissions_review ON mission_submissions (campaign_id, status, submitted_at, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE mission_submissions');
    await runner.query('DROP TABLE missions');
  }
}
