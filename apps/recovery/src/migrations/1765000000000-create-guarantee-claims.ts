import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGuaranteeClaims1765000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // The guarantee policy marketing ops edit; defaults are the program's policy until then.
    await runner.query(`
      ALTER TABLE programs
        ADD COLUMN allowed_resolutions text[] NOT NULL DEFAULT '{REFUND,REPLACEMENT,STORE_CREDIT}',
        ADD COLUMN clawback_reasons text[] NOT NULL DEFAULT '{CHANGED_MIND}',
        ADD COLUMN follow_up_delay_hours integer NOT NULL DEFAULT 72 CHECK (follow_up_delay_hours >= 0),
        ADD COLUMN reorder_window_days integer NOT NULL DEFAULT 90 CHECK (reorder_window_days >= 0),
        ADD COLUMN sla_hours integer NOT NULL DEFAULT 24 CHECK (sla_hours > 0),
        ADD COLUMN abuse_report_threshold integer NOT NULL DEFAULT 2 CHECK (abuse_report_threshold > 0),
        ADD COLUMN claim_count_threshold integer NOT NULL DEFAULT 3 CHECK (claim_count_threshold > 0),
        ADD COLUMN claim_count_period_days integer NOT NULL DEFAULT 90 CHECK (claim_count_period_days > 0),
        ADD COLUMN policy_updated_at timestamptz,
        ADD COLUMN policy_updated_by text`);

    // The shop's orders as recovery needs them to check a claim.
    await runner.query(`
      CREATE TABLE orders (
        order_id text PRIMARY KEY,
        program_id uuid NOT NULL,
        customer_id text NOT NULL,
        customer_email_hash char(64) NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        currency char(3) NOT NULL,
        items jsonb NOT NULL,
        stripe_payment_intent_id text,
        placed_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX orders_by_customer ON orders (program_id, customer_email_hash, placed_at)`);
    await runner.query(`
      CREATE TABLE order_refunds (
        refund_id text PRIMARY KEY,
        order_id text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL,
        stripe_refund_id text,
        refunded_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX order_refunds_by_order ON order_refunds (order_id)`);
    // Kept apart from orders: attribution may arrive before the order does.
    await runner.query(`
      CREATE TABLE order_attributions (
        order_id text PRIMARY KEY,
        conversion_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        ambassador_id uuid NOT NULL,
        attributed_at timestamptz NOT NULL
      )`);

    await runner.query(`
      CREATE TABLE guarantee_claims (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs (id),
        order_id text NOT NULL REFERENCES orders (order_id),
        customer_id text NOT NULL,
        customer_email_hash char(64) NOT NULL,
        customer_email text NOT NULL,
        items jsonb NOT NULL,
        reason text NOT NULL,
        wanted_resolution text NOT NULL CHECK (wanted_resolution IN ('REFUND', 'REPLACEMENT', 'STORE_CREDIT')),
        description text,
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('RESOLVING', 'RESOLVED', 'ESCALATED', 'DECLINED')),
        opened_by text NOT NULL,
        opened_by_agent boolean NOT NULL,
        opened_from text,
        access_token_hash char(64) NOT NULL UNIQUE,
        escalation_reason text,
        decided_by text,
        decided_at timestamptz,
        decline_reason text,
        handled_by text,
        sla_due_at timestamptz,
        created_at timestamptz NOT NULL,
        resolved_at timestamptz
      )`);
    await runner.query(`CREATE INDEX guarantee_claims_by_order ON guarantee_claims (order_id)`);
    await runner.query(`CREATE INDEX guarantee_claims_by_customer ON guarantee_claims (program_id, customer_email_hash, created_at)`);
    await runner.query(`CREATE INDEX guarantee_claims_queue ON guarantee_claims (status, created_at, id)`);
    await runner.query(`CREATE INDEX guarantee_claims_by_handler ON guarantee_claims (handled_by) WHERE handled_by IS NOT NULL`);

    // What was done for a claim. PENDING rows are the work the sweeper finishes after a crash.
    await runner.query(`
      CREATE TABLE claim_resolutions (
        id uuid PRIMARY KEY,
        claim_id uuid NOT NULL REFERENCES guarantee_claims (id),
        attempt integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('REFUND', 'REPLACEMENT', 'STORE_CREDIT')),
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        currency char(3) NOT NULL,
        clawback boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED')),
        idempotency_key text NOT NULL UNIQUE,
        stripe_payment_intent_id text,
        stripe_refund_id text,
        tries integer NOT NULL DEFAULT 0,
        last_error text,
        lease_until timestamptz,
        created_at timestamptz NOT NULL,
        completed_at timestamptz,
        UNIQUE (claim_id, attempt)
      )`);
    await runner.query(`CREATE UNIQUE INDEX claim_resolutions_one_open ON claim_resolutions (claim_id) WHERE status IN ('PENDING', 'COMPLETED')`);
    await runner.query(`CREATE INDEX claim_resolutions_pending ON claim_resolutions (lease_until) WHERE status = 'PENDING'`);

    await runner.query(`
      CREATE TABLE claim_timeline_entries (
        id bigserial PRIMARY KEY,
        claim_id uuid NOT NULL REFERENCES guarantee_claims (id),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        detail text
      )`);
    await runner.query(`CREATE INDEX claim_timeline_by_claim ON claim_timeline_entries (claim_id, id)`);
    await runner.query(`
      CREATE TABLE claim_notes (
        id uuid PRIMARY KEY,
        claim_id uuid NOT NULL REFERENCES guarantee_claims (id),
        author text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX claim_notes_by_claim ON claim_notes (claim_id, created_at)`);
    // Public claim attempts per client address, right or wrong, for the rate limit.
    await runner.query(`CREATE TABLE claim_attempts (address text NOT NULL, at timestamptz NOT NULL)`);
    await runner.query(`CREATE INDEX claim_attempts_by_address ON claim_attempts (address, at)`);

    await runner.query(`
      CREATE TABLE follow_ups (
        id uuid PRIMARY KEY,
        claim_id uuid NOT NULL UNIQUE REFERENCES guarantee_claims (id),
        program_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        requested_at timestamptz,
        survey_token_hash char(64) UNIQUE,
        answered_at timestamptz,
        satisfaction integer CHECK (satisfaction BETWEEN 1 AND 5),
        comment text,
        recovered_at timestamptz,
        recovered_by text CHECK (recovered_by IN ('SURVEY', 'REORDER')),
        recovered_order_id text
      )`);
    await runner.query(`CREATE INDEX follow_ups_due ON follow_ups (due_at) WHERE requested_at IS NULL`);

    await runner.query(`
      CREATE TABLE abuse_reports (
        id uuid PRIMARY KEY,
        program_id uuid,
        claim_id uuid REFERENCES guarantee_claims (id),
        customer_email_hash char(64) NOT NULL,
        category text NOT NULL,
        notes text NOT NULL,
        ended_interaction boolean NOT NULL,
        filed_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX abuse_reports_by_customer ON abuse_reports (customer_email_hash)`);
    await runner.query(`CREATE INDEX abuse_reports_by_filer ON abuse_reports (filed_by)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['abuse_reports', 'follow_ups', 'claim_attempts', 'claim_notes', 'claim_timeline_entries', 'claim_resolutions', 'guarantee_claims', 'order_attributions', 'order_refunds', 'orders']) {
      await runner.query(`DROP TABLE ${table}`);
    }
    await runner.query(`
      ALTER TABLE programs
        DROP COLUMN allowed_resolutions, DROP COLUMN clawback_reasons, DROP COLUMN follow_up_delay_hours,
        DROP COLUMN reorder_window_days, DROP COLUMN sla_hours, DROP COLUMN abuse_report_threshold,
        DROP COLUMN claim_count_threshold, DROP COLUMN claim_count_period_days,
        DROP COLUMN policy_updated_at, DROP COLUMN policy_updated_by`);
  }
}
