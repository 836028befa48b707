import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCampaignsAndAmbassadors1765000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // The guarantee window sets a commission's hold; records made before this column
    // take enrollment's usual 30 days (new ones carry ProgramCreated's value).
    await runner.query('ALTER TABLE programs ADD COLUMN guarantee_window_days integer NOT NULL DEFAULT 30 CHECK (guarantee_window_days BETWEEN 0 AND 365)');

    await runner.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs (id),
        name text NOT NULL,
        objective text NOT NULL CHECK (objective IN ('SALES', 'AWARENESS', 'PRODUCT_FEEDBACK', 'SERVICE')),
        status text NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'PAUSED', 'ENDED')),
        starts_at timestamptz(3) NOT NULL,
        ends_at timestamptz(3),
        currency char(3) NOT NULL,
        -- Caps in integer minor units of currency; null is no cap.
        budget_cap_minor bigint CHECK (budget_cap_minor >= 0),
        daily_cap_minor bigint CHECK (daily_cap_minor >= 0),
        monthly_cap_minor bigint CHECK (monthly_cap_minor >= 0),
        -- Commissions accrued, net of reversals: how close the budget cap is.
        accrued_minor bigint NOT NULL DEFAULT 0,
        -- Empty: every tier (and ambassadors without a tier) may take part.
        eligible_tier_ids uuid[] NOT NULL DEFAULT '{}',
        attribution_window_days integer NOT NULL CHECK (attribution_window_days BETWEEN 1 AND 365),
        precedence text NOT NULL CHECK (precedence IN ('CODE_BEATS_CLICK', 'CLICK_BEATS_CODE')),
        recurring_months integer NOT NULL DEFAULT 0 CHECK (recurring_months BETWEEN 0 AND 60),
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (ends_at IS NULL OR ends_at > starts_at)
      )`);
    await runner.query('CREATE INDEX campaigns_program ON campaigns (program_id, created_at)');

    // Commission and points rules, versioned: a sale is paid by the version in force when it happened.
    await runner.query(`
      CREATE TABLE campaign_rule_versions (
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        version integer NOT NULL CHECK (version >= 1),
        effective_from timestamptz(3) NOT NULL,
        percent_bps integer NOT NULL CHECK (percent_bps BETWEEN 0 AND 10000),
        flat_per_sale_minor bigint NOT NULL CHECK (flat_per_sale_minor >= 0),
        flat_per_lead_minor bigint NOT NULL CHECK (flat_per_lead_minor >= 0),
        tier_overrides jsonb NOT NULL DEFAULT '[]',
        points_per_sale integer NOT NULL CHECK (points_per_sale >= 0),
        points_per_lead integer NOT NULL CHECK (points_per_lead >= 0),
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, version)
      )`);
    await runner.query('CREATE INDEX campaign_rule_versions_in_force ON campaign_rule_versions (campaign_id, effective_from DESC)');

    // Commissions accrued per campaign per UTC day, net of reversals: the daily and monthly spend caps.
    await runner.query(`
      CREATE TABLE campaign_daily_spend (
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        day date NOT NULL,
        amount_minor bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (campaign_id, day)
      )`);

    // Campaigns' own record of each ambassador, from enrollment's ambassador events.
    // Events of one ambassador share a key, so they arrive in order; a row starts with
    // whichever comes first (the status change at enrollment) and fills in.
    await runner.query(`
      CREATE TABLE ambassadors (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL,
        status text NOT NULL,
        display_name text,
        customer_email_hash char(64),
        country char(2),
        referral_code text,
        tier_id uuid,
        multiplier_bps integer NOT NULL DEFAULT 10000 CHECK (multiplier_bps BETWEEN 0 AND 100000),
        nickname text,
        show_nickname boolean NOT NULL DEFAULT false,
        activated_at timestamptz(3),
        -- When each fact was last changed at enrollment: an older fact redelivered never overwrites a newer one.
        status_changed_at timestamptz(3),
        code_changed_at timestamptz(3),
        tier_changed_at timestamptz(3),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX ambassadors_code ON ambassadors (lower(referral_code))');
    await runner.query('CREATE INDEX ambassadors_customer ON ambassadors (customer_email_hash)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ambassadors');
    await runner.query('DROP TABLE campaign_daily_spend');
    await runner.query('DROP TABLE campaign_rule_versions');
    await runner.query('DROP TABLE campaigns');
    await runner.query('ALTER TABLE programs DROP COLUMN guarantee_window_days');
  }
}
