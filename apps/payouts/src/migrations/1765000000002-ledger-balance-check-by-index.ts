import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statement trigger's balance check joined the transition table to all entries, and
 * the planner (which can't size a transition table) scanned every entry on each statement:
 * slower as the ledger grew. It now sums each touched transaction through its index.
 */
export class LedgerBalanceCheckByIndex1765000000002 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION ledger_entries_written() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        SELECT n.transaction_id INTO bad FROM new_entries n JOIN ledger_accounts a ON a.id = n.account_id WHERE a.currency <> n.currency LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction %: an entry is not in its account''s currency', bad.transaction_id USING ERRCODE = 'check_violation';
        END IF;
        SELECT t.transaction_id, s.currency, s.total INTO bad
          FROM (SELECT DISTINCT transaction_id FROM new_entries) t
          CROSS JOIN LATERAL (
            SELECT e.currency, sum(e.amount_minor) AS total FROM ledger_entries e WHERE e.transaction_id = t.transaction_id GROUP BY e.currency
          ) s
         WHERE s.total <> 0
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction % is unbalanced: its % entries sum to %', bad.transaction_id, bad.currency, bad.total USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO ledger_balances (account_id, balance_minor)
        SELECT account_id, sum(amount_minor) FROM new_entries GROUP BY account_id ORDER BY account_id
        ON CONFLICT (account_id) DO UPDATE SET balance_minor = ledger_balances.balance_minor + EXCLUDED.balance_minor, updated_at = now();
        RETURN NULL;
      END $$`);
  }

  async down(): Promise<void> {
    // The previous body was equivalent in effect; nothing to undo.
  }
}
