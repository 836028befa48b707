import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTrackingAndCommissions1765001000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // Where a campaign's referral links send people (UTM parameters are added per link).
    await runner.query('ALTER TABLE campaigns ADD COLUMN landing_url text');

    await runner.query(`
      CREATE TABLE referral_links (
        id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        ambassador_id uuid NOT NULL,
        slug text NOT NULL UNIQUE,
        destination_url text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        -- The redirect's in-memory directory polls for links changed since its last look.
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, ambassador_id)
      )`);
    await runner.query('CREATE INDEX referral_links_updated ON referral_links (updated_at)');
    await runner.query('CREATE INDEX referral_links_ambassador ON referral_links (ambassador_id)');

    // Every click the redirect handed to Kafka, stored once by its id.
    await runner.query(`
      CREATE TABLE clicks (
        id uuid PRIMARY KEY,
        link_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        ambassador_id uuid NOT NULL,
        address_hash char(64) NOT NULL,
        agent_hash char(64) NOT NULL,
        user_agent text NOT NULL,
        referer text,
        clicked_at timestamptz(3) NOT NULL,
        counted boolean NOT NULL,
        -- Why it doesn't count: REPEAT (same address and agent within 30 minutes) or BOT.
        not_counted_reason text CHECK (not_counted_reason IN ('REPEAT', 'BOT')),
        stored_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX clicks_address ON clicks (address_hash, clicked_at)');
    await runner.query('CREATE INDEX clicks_ambassador ON clicks (ambassador_id, clicked_at)');

    // The last counted click of a visitor on a link: what the 30-minute repeat rule looks at.
    await runner.query(`
      CREATE TABLE click_visitors (
        link_id uuid NOT NULL,
        address_hash char(64) NOT NULL,
        agent_hash char(64) NOT NULL,
        last_counted_at timestamptz(3) NOT NULL,
        PRIMARY KEY (link_id, address_hash, agent_hash)
      )`);

    await runner.query(`
      CREATE TABLE link_daily_clicks (
        link_id uuid NOT NULL,
        day date NOT NULL,
        counted integer NOT NULL DEFAULT 0,
        received integer NOT NULL DEFAULT 0,
        PRIMARY KEY (link_id, day)
      )`);

    // Orders and refunds from the shop, stored once by the shop's id.
    await runner.query(`
      CREATE TABLE orders (
        order_id text PRIMARY KEY,
        program_id uuid NOT NULL,
        customer_id text NOT NULL,
        customer_email_hash char(64) NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        currency char(3) NOT NULL,
        items jsonb NOT NULL,
        discount_code text,
        click_id uuid,
        payment_fingerprint text,
        stripe_payment_intent_id text,
        placed_at timestamptz(3) NOT NULL,
        received_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX orders_customer ON orders (customer_id, placed_at)');
    await runner.query('CREATE INDEX orders_fingerprint ON orders (payment_fingerprint, placed_at) WHERE payment_fingerprint IS NOT NULL');
    await runner.query('CREATE INDEX orders_code ON orders (lower(discount_code), placed_at) WHERE discount_code IS NOT NULL');

    // Signatures of the shop's POSTs seen inside the replay window: the same signed request twice is refused.
    await runner.query(`
      CREATE TABLE ingest_signatures (
        signature text PRIMARY KEY,
        seen_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX ingest_signatures_seen ON ingest_signatures (seen_at)');

    await runner.query(`
      CREATE TABLE refunds (
        refund_id text PRIMARY KEY,
        order_id text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL,
        stripe_refund_id text,
        reason text,
        refunded_at timestamptz(3) NOT NULL,
        received_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX refunds_order ON refunds (order_id)');

    // How each order was (or wasn't) attributed, and why: one per order.
    await runner.query(`
      CREATE TABLE conversions (
        id uuid PRIMARY KEY,
        order_id text NOT NULL UNIQUE,
        program_id uuid NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('ATTRIBUTED', 'UNATTRIBUTED', 'REFUSED')),
        method text CHECK (method IN ('CODE', 'CLICK', 'RECURRING')),
        reason text NOT NULL,
        campaign_id uuid,
        ambassador_id uuid,
        click_id uuid,
        discount_code text,
        customer_id text NOT NULL,
        customer_email_hash char(64) NOT NULL,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        placed_at timestamptz(3) NOT NULL,
        decided_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX conversions_ambassador ON conversions (ambassador_id, placed_at DESC)');
    await runner.query(`CREATE INDEX conversions_referred_customer ON conversions (program_id, customer_id, placed_at) WHERE outcome = 'ATTRIBUTED' AND method IN ('CODE', 'CLICK')`);

    await runner.query(`
      CREATE TABLE commissions (
        id uuid PRIMARY KEY,
        ambassador_id uuid NOT NULL,
        program_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        source text NOT NULL CHECK (source IN ('ORDER', 'RECURRING_ORDER', 'LEAD', 'MISSION_BOUNTY')),
        conversion_id uuid UNIQUE,
        order_id text UNIQUE,
        mission_submission_id uuid UNIQUE,
        rule_version integer,
        -- Earned after caps; uncapped is what the rules alone would have paid.
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        uncapped_minor bigint NOT NULL CHECK (uncapped_minor >= 0),
        cap_note text,
        sale_amount_minor bigint NOT NULL CHECK (sale_amount_minor >= 0),
        points bigint NOT NULL CHECK (points >= 0),
        currency char(3) NOT NULL,
        earned_at timestamptz(3) NOT NULL,
        hold_until timestamptz(3) NOT NULL,
        reversed_minor bigint NOT NULL DEFAULT 0,
        reversed_sale_minor bigint NOT NULL DEFAULT 0,
        reversed_points bigint NOT NULL DEFAULT 0,
        fraud_held boolean NOT NULL DEFAULT false,
        released_at timestamptz(3),
        paid_at timestamptz(3),
        payout_id uuid,
        CHECK (reversed_minor <= amount_minor AND reversed_sale_minor <= sale_amount_minor AND reversed_points <= points)
      )`);
    await runner.query('CREATE INDEX commissions_ambassador ON commissions (ambassador_id, earned_at DESC)');

    await runner.query(`
      CREATE TABLE commission_reversals (
        id uuid PRIMARY KEY,
        commission_id uuid NOT NULL REFERENCES commissions (id),
        cause text NOT NULL CHECK (cause IN ('REFUND', 'GUARANTEE_CLAIM', 'FRAUD_VOID')),
        -- What caused it (refund:<id>, claim:<resolution id>, fraud:<flag id>): one reversal per cause, once.
        cause_ref text NOT NULL UNIQUE,
        stripe_refund_id text,
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        sale_amount_minor bigint NOT NULL CHECK (sale_amount_minor >= 0),
        points bigint NOT NULL CHECK (points >= 0),
        reason text NOT NULL,
        reversed_at timestamptz(3) NOT NULL
      )`);
    await runner.query('CREATE INDEX commission_reversals_commission ON commission_reversals (commission_id)');
    await runner.query('CREATE INDEX commission_reversals_stripe_refund ON commission_reversals (stripe_refund_id) WHERE stripe_refund_id IS NOT NULL');

    // Every guarantee claim resolution campaigns saw: clawed back, or absorbed by the brand.
    await runner.query(`
      CREATE TABLE guarantee_claims (
        resolution_id uuid PRIMARY KEY,
        claim_id uuid NOT NULL,
        order_id text NOT NULL,
        commission_id uuid,
        clawback boolean NOT NULL,
        resolution text NOT NULL,
        reason text NOT NULL,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        stripe_refund_id text,
        reversal_id uuid,
        resolved_at timestamptz(3) NOT NULL
      )`);
    await runner.query('CREATE INDEX guarantee_claims_commission ON guarantee_claims (commission_id)');
    await runner.query('CREATE INDEX guarantee_claims_stripe_refund ON guarantee_claims (stripe_refund_id) WHERE stripe_refund_id IS NOT NULL');

    await runner.query(`
      CREATE TABLE fraud_flags (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('SELF_REFERRAL', 'CLICK_BURST', 'CUSTOMER_VELOCITY', 'PAYMENT_FINGERPRINT', 'CODE_LEAK')),
        -- One flag per kind and subject (e.g. CLICK_BURST:<link>:<address>:<hour>), however often it is seen.
        dedupe_key text NOT NULL UNIQUE,
        ambassador_id uuid NOT NULL,
        campaign_id uuid,
        commission_id uuid REFERENCES commissions (id),
        order_id text,
        evidence jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'CLEARED', 'VOIDED', 'NOTED')),
        decided_by text,
        decision_note text,
        decided_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX fraud_flags_open ON fraud_flags (status, created_at)');
    await runner.query('CREATE INDEX fraud_flags_commission ON fraud_flags (commission_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['fraud_flags', 'guarantee_claims', 'commission_reversals', 'commissions', 'conversions', 'refunds', 'ingest_signatures', 'orders', 'link_daily_clicks', 'click_visitors', 'clicks', 'referral_links']) {
      await runner.query(`DROP TABLE ${table}`);
    }
    await runner.query('ALTER TABLE campaigns DROP COLUMN landing_url');
  }
}
