import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At commit a ledger transaction only needs to be shown to have entries: the statement
 * trigger already refused any statement leaving a transaction it touched unbalanced, and
 * entries can't be edited or deleted. One index probe instead of two aggregates per
 * transaction, at the moment the writer holds the hot platform balance rows.
 */
export class LedgerCommitCheckEntriesExist1765000000003 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION ledger_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM ledger_entries WHERE transaction_id = NEW.id LIMIT 1;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'ledger transaction % (%) does not balance: it has no entries', NEW.id, NEW.reference USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION ledger_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
