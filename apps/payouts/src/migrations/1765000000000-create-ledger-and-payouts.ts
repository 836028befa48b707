import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger (accounts, transactions, entries, materialised balances) and what feeds and
 * drains it: ambassadors, commissions, payout accounts, tax forms, payout runs, payouts,
 * Stripe events and reconciliation reports.
 */
export class CreateLedgerAndPayouts1765000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ambassadors (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL,
        country char(2),
        status text NOT NULL,
        status_changed_at timestamptz NOT NULL,
        activated_at timestamptz,
        -- Set when the ambassador is offboarded: a final payout of what is available is due.
        final_payout_due_at timestamptz,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE ledger_accounts (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('AMBASSADOR_PENDING', 'AMBASSADOR_AVAILABLE', 'AMBASSADOR_PAID_OUT', 'CLAWBACK_RECEIVABLE', 'COMMISSION_EXPENSE', 'STRIPE_CLEARING')),
        ambassador_id uuid,
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_accounts_owner CHECK ((ambassador_id IS NULL) = (kind IN ('COMMISSION_EXPENSE', 'STRIPE_CLEARING'))),
        CONSTRAINT ledger_accounts_unique UNIQUE NULLS NOT DISTINCT (kind, ambassador_id, currency)
      )`);
    await runner.query(`
      CREATE TABLE ledger_transactions (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        kind text NOT NULL,
        ambassador_id uuid NOT NULL,
        currency char(3) NOT NULL,
        commission_id uuid,
        payout_id uuid,
        description text NOT NULL,
        posted_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query('CREATE INDEX ledger_transactions_ambassador ON ledger_transactions (ambassador_id, posted_at, id)');
    await runner.query('CREATE INDEX ledger_transactions_posted ON ledger_transactions (posted_at, id)');
    await runner.query(`
      CREATE TABLE ledger_entries (
        id bigserial PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES ledger_transactions (id),
        account_id bigint NOT NULL REFERENCES ledger_accounts (id),
        amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
        currency char(3) NOT NULL
      )`);
    await runner.query('CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id)');
    await runner.query('CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id)');
    await runner.query(`
      CREATE TABLE ledger_balances (
        account_id bigint PRIMARY KEY REFERENCES ledger_accounts (id),
        balance_minor bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Append-only: a correction is a new transaction, never an edit.
    await runner.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'check_violation';
      END $$`);
    await runner.query('CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_append_only()');
    await runner.query('CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_append_only()');

    // Every statement that writes entries leaves each transaction it touched balanced in
    // each currency, with entries in their account's currency; it also keeps the
    // materialised balances (locked in account order, so concurrent writers don't deadlock).
    await runner.query(`
      CREATE FUNCTION ledger_entries_written() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        SELECT n.transaction_id INTO bad FROM new_entries n JOIN ledger_accounts a ON a.id = n.account_id WHERE a.currency <> n.currency LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction %: an entry is not in its account''s currency', bad.transaction_id USING ERRCODE = 'check_violation';
        END IF;
        SELECT e.transaction_id, e.currency, sum(e.amount_minor) AS total INTO bad
          FROM ledger_entries e
         WHERE e.transaction_id IN (SELECT DISTINCT transaction_id FROM new_entries)
         GROUP BY e.transaction_id, e.currency
        HAVING sum(e.amount_minor) <> 0
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction % is unbalanced: its % entries sum to %', bad.transaction_id, bad.currency, bad.total USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO ledger_balances (account_id, balance_minor)
        SELECT account_id, sum(amount_minor) FROM new_entries GROUP BY account_id ORDER BY account_id
        ON CONFLICT (account_id) DO UPDATE SET balance_minor = ledger_balances.balance_minor + EXCLUDED.balance_minor, updated_at = now();
        RETURN NULL;
      END $$`);
    await runner.query(`
      CREATE TRIGGER ledger_entries_written AFTER INSERT ON ledger_entries
      REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_written()`);

    // At commit, no transaction may stand without balanced entries (a header alone, too).
    await runner.query(`
      CREATE FUNCTION ledger_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        entry_count integer;
        unbalanced integer;
      BEGIN
        SELECT count(*) INTO entry_count FROM ledger_entries WHERE transaction_id = NEW.id;
        SELECT count(*) INTO unbalanced FROM (
          SELECT currency FROM ledger_entries WHERE transaction_id = NEW.id GROUP BY currency HAVING sum(amount_minor) <> 0
        ) sums;
        IF entry_count < 2 OR unbalanced > 0 THEN
          RAISE EXCEPTION 'ledger transaction % (%) does not balance: % entries', NEW.id, NEW.reference, entry_count USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await runner.query(`
      CREATE CONSTRAINT TRIGGER ledger_transaction_balanced AFTER INSERT ON ledger_transactions
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balanced()`);

    await runner.query(`
      CREATE TABLE commissions (
        id uuid PRIMARY KEY,
        ambassador_id uuid NOT NULL,
        program_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        source text NOT NULL,
        order_id text,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        reversed_minor bigint NOT NULL DEFAULT 0,
        currency char(3) NOT NULL,
        earned_at timestamptz NOT NULL,
        hold_until timestamptz NOT NULL,
        stage text NOT NULL DEFAULT 'PENDING' CHECK (stage IN ('PENDING', 'AVAILABLE', 'PAID')),
        held boolean NOT NULL DEFAULT false,
        hold_reason text,
        hold_changed_at timestamptz,
        payout_id uuid,
        released_at timestamptz,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (reversed_minor >= 0 AND reversed_minor <= amount_minor)
      )`);
    await runner.query(`CREATE INDEX commissions_releasable ON commissions (hold_until) WHERE stage = 'PENDING' AND NOT held`);
    await runner.query('CREATE INDEX commissions_ambassador ON commissions (ambassador_id, currency, stage)');
    await runner.query('CREATE INDEX commissions_payout ON commissions (payout_id) WHERE payout_id IS NOT NULL');
    await runner.query(`
      CREATE TABLE commission_reversals (
        reversal_id uuid PRIMARY KEY,
        commission_id uuid NOT NULL,
        ambassador_id uuid NOT NULL,
        cause text NOT NULL,
        requested_minor bigint NOT NULL,
        applied_minor bigint,
        refused_minor bigint,
        stage text,
        currency char(3) NOT NULL,
        reason text NOT NULL,
        reversed_at timestamptz NOT NULL,
        applied_at timestamptz
      )`);
    await runner.query('CREATE INDEX commission_reversals_waiting ON commission_reversals (commission_id) WHERE applied_at IS NULL');
    // A hold change seen before its commission (kept, applied when the earning lands).
    await runner.query(`
      CREATE TABLE commission_hold_changes (
        commission_id uuid PRIMARY KEY,
        held boolean NOT NULL,
        reason text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);

    await runner.query(`
      CREATE TABLE payout_accounts (
        ambassador_id uuid PRIMARY KEY,
        stripe_account_id text NOT NULL UNIQUE,
        state text NOT NULL CHECK (state IN ('DETAILS_NEEDED', 'PAYOUTS_ENABLED', 'RESTRICTED')),
        payouts_enabled boolean NOT NULL DEFAULT false,
        details_submitted boolean NOT NULL DEFAULT false,
        requirements text[] NOT NULL DEFAULT '{}',
        disabled_reason text,
        stripe_updated_at bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // A tax form is a status and a document reference: the tax id itself never comes here.
    await runner.query(`
      CREATE TABLE tax_forms (
        id uuid PRIMARY KEY,
        ambassador_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('W9', 'W8BEN', 'W8BENE')),
        status text NOT NULL CHECK (status IN ('RECEIVED', 'VERIFIED', 'REJECTED')),
        document_ref text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX tax_forms_ambassador ON tax_forms (ambassador_id, recorded_at DESC)');

    await runner.query(`
      CREATE TABLE payout_runs (
        id uuid PRIMARY KEY,
        currency char(3) NOT NULL,
        minimum_minor bigint NOT NULL CHECK (minimum_minor >= 0),
        cutoff_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('CREATED', 'APPROVED', 'EXECUTING', 'COMPLETED', 'COMPLETED_WITH_FAILURES')),
        created_by text NOT NULL,
        approved_by text,
        approved_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE payouts (
        id uuid PRIMARY KEY,
        payout_run_id uuid REFERENCES payout_runs (id),
        kind text NOT NULL CHECK (kind IN ('RUN', 'FINAL')),
        ambassador_id uuid NOT NULL,
        currency char(3) NOT NULL,
        available_minor bigint NOT NULL,
        netted_minor bigint NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        status text NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'PAID', 'FAILED')),
        attempt integer NOT NULL DEFAULT 1,
        stripe_account_id text,
        stripe_transfer_id text UNIQUE,
        failure_code text,
        failure_message text,
        retryable boolean,
        reversed_minor bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        paid_at timestamptz,
        UNIQUE (payout_run_id, ambassador_id)
      )`);
    await runner.query('CREATE INDEX payouts_run_status ON payouts (payout_run_id, status)');
    await runner.query('CREATE INDEX payouts_ambassador ON payouts (ambassador_id, created_at)');
    await runner.query(`CREATE UNIQUE INDEX payouts_one_final ON payouts (ambassador_id, currency) WHERE kind = 'FINAL' AND status IN ('PENDING', 'SENDING')`);
    await runner.query(`
      CREATE TABLE payout_run_skips (
        payout_run_id uuid NOT NULL REFERENCES payout_runs (id),
        ambassador_id uuid NOT NULL,
        reason text NOT NULL,
        detail text NOT NULL,
        amount_minor bigint NOT NULL,
        PRIMARY KEY (payout_run_id, ambassador_id)
      )`);

    await runner.query(`
      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        created bigint NOT NULL,
        livemode boolean NOT NULL DEFAULT false,
        outcome text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Transfer reversals seen, by Stripe's id: each puts money back once.
    await runner.query(`
      CREATE TABLE transfer_reversals (
        id text PRIMARY KEY,
        payout_id uuid NOT NULL REFERENCES payouts (id),
        stripe_transfer_id text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Connected-account payouts (to the ambassador's bank), from payout.paid / payout.failed.
    await runner.query(`
      CREATE TABLE bank_payouts (
        id text PRIMARY KEY,
        stripe_account_id text NOT NULL,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL,
        failure_code text,
        failure_message text,
        stripe_created bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE reconciliation_reports (
        id uuid PRIMARY KEY,
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        stripe_transactions integer NOT NULL DEFAULT 0,
        failure text
      )`);
    await runner.query(`
      CREATE TABLE reconciliation_items (
        id bigserial PRIMARY KEY,
        report_id uuid NOT NULL REFERENCES reconciliation_reports (id),
        kind text NOT NULL CHECK (kind IN ('MATCHED', 'MISSING_IN_STRIPE', 'MISSING_IN_LEDGER', 'AMOUNT_MISMATCH', 'CURRENCY_MISMATCH')),
        stripe_transfer_id text,
        payout_id uuid,
        ambassador_id uuid,
        ledger_amount_minor bigint,
        ledger_currency char(3),
        stripe_amount_minor bigint,
        stripe_currency char(3),
        balance_transaction_id text,
        resolution text,
        resolved_by text,
        resolved_at timestamptz
      )`);
    await runner.query('CREATE INDEX reconciliation_items_report ON reconciliation_items (report_id, kind, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'reconciliation_items',
      'reconciliation_reports',
      'bank_payouts',
      'transfer_reversals',
      'stripe_events',
      'payout_run_skips',
      'payouts',
      'payout_runs',
      'tax_forms',
      'payout_accounts',
      'commission_hold_changes',
      'commission_reversals',
      'commissions',
      'ledger_balances',
      'ledger_entries',
      'ledger_transactions',
      'ledger_accounts',
      'ambassadors',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
    await runner.query('DROP FUNCTION ledger_transaction_balanced()');
    await runner.query('DROP FUNCTION ledger_entries_written()');
    await runner.query('DROP FUNCTION ledger_append_only()');
  }
}
