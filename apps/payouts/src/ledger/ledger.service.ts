import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { accountKey, AccountRef, AmbassadorAccountKind, ambassadorPosition, AmbassadorPosition, assertBalanced, Posting, PostingKind } from './ledger';

export interface PostingWrite {
  posting: Posting;
  commissionId?: string;
  payoutId?: string;
  description: string;
}

export interface LedgerIntegrity {
  /** Accounts whose materialised balance differs from the sum of their entries. */
  balanceMismatches: number;
  /** Transactions whose entries don't sum to zero in a currency. */
  unbalancedTransactions: number;
  /** Currencies whose entries, all accounts together, don't sum to zero. */
  unbalancedCurrencies: string[];
  transactions: number;
  entries: number;
}

/**
 * Writes ledger transactions (append-only, each balanced: checked here by the rule and
 * again by the database's triggers) and reads balances. A posting whose reference was
 * written before is skipped, so the same fact never moves money twice.
 */
@Injectable()
export class LedgerService {
  // Accounts never change once committed, so their ids are cached for the process.
  private readonly accountIds = new Map<string, string>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes the postings not written before (by reference), in the caller's transaction; returns those written now. */
  async post(manager: EntityManager, writes: PostingWrite[]): Promise<PostingWrite[]> {
    if (writes.length === 0) return [];
    for (const write of writes) assertBalanced(write.posting);
    const ids = writes.map(() => randomUUID());
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO ledger_transactions (id, reference, kind, ambassador_id, currency, commission_id, payout_id, description)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::char(3)[], $6::uuid[], $7::uuid[], $8::text[])
       ON CONFLICT (reference) DO NOTHING RETURNING id`,
      [
        ids,
        writes.map((w) => w.posting.reference),
        writes.map((w) => w.posting.kind),
        writes.map((w) => w.posting.ambassadorId),
        writes.map((w) => w.posting.currency),
        writes.map((w) => w.commissionId ?? null),
        writes.map((w) => w.payoutId ?? null),
        writes.map((w) => w.description),
      ],
    );
    const fresh = new Set(inserted.map((row) => row.id));
    const written = writes.map((write, i) => ({ write, id: ids[i] })).filter(({ id }) => fresh.has(id));
    if (written.length === 0) return [];
    const accounts = await this.accountIdsFor(
      manager,
      written.flatMap(({ write }) => write.posting.entries.map((e) => e.account)),
    );
    const entries = written.flatMap(({ write, id }) => write.posting.entries.map((e) => ({ id, e })));
    await manager.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, amount_minor, currency)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::char(3)[])`,
      [
        entries.map(({ id }) => id),
        entries.map(({ e }) => accounts.get(accountKey(e.account))),
        entries.map(({ e }) => e.amountMinor.toString()),
        entries.map(({ e }) => e.account.currency),
      ],
    );
    return written.map(({ write }) => write);
  }

  private async accountIdsFor(manager: EntityManager, refs: AccountRef[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const missing = new Map<string, AccountRef>();
    for (const ref of refs) {
      const key = accountKey(ref);
      const cached = this.accountIds.get(key);
      if (cached) found.set(key, cached);
      else missing.set(key, ref);
    }
    if (missing.size === 0) return found;
    const wanted = [...missing.values()];
    const params = [wanted.map((r) => r.kind), wanted.map((r) => r.ambassadorId), wanted.map((r) => r.currency)];
    // Created here (not yet committed, so not cached) or found committed (cached).
    const created: Array<{ id: string; kind: string; ambassador_id: string | null; currency: string }> = await manager.query(
      `INSERT INTO ledger_accounts (kind, ambassador_id, currency) SELECT * FROM unnest($1::text[], $2::uuid[], $3::char(3)[]) ORDER BY 1, 2, 3
       ON CONFLICT ON CONSTRAINT ledger_accounts_unique DO NOTHING RETURNING id, kind, ambassador_id, currency`,
      params,
    );
    const all: Array<{ id: string; kind: string; ambassador_id: string | null; currency: string }> = await manager.query(
      `SELECT a.id, a.kind, a.ambassador_id, a.currency FROM ledger_accounts a
         JOIN unnest($1::text[], $2::uuid[], $3::char(3)[]) AS w(kind, ambassador_id, currency)
           ON a.kind = w.kind AND a.ambassador_id IS NOT DISTINCT FROM w.ambassador_id AND a.currency = w.currency`,
      params,
    );
    const createdIds = new Set(created.map((row) => String(row.id)));
    for (const row of all) {
      const key = accountKey({ kind: row.kind as AccountRef['kind'], ambassadorId: row.ambassador_id, currency: row.currency });
      found.set(key, String(row.id));
      if (!createdIds.has(String(row.id))) this.accountIds.set(key, String(row.id));
    }
    return found;
  }

  /** An ambassador's position per currency, from the materialised balances (checked by `integrity`). */
  async positions(manager: EntityManager | undefined, ambassadorId: string): Promise<Array<AmbassadorPosition & { currency: string }>> {
    const rows: Array<{ kind: AmbassadorAccountKind; currency: string; balance: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT a.kind, a.currency, coalesce(b.balance_minor, 0)::text AS balance
         FROM ledger_accounts a LEFT JOIN ledger_balances b ON b.account_id = a.id
        WHERE a.ambassador_id = $1`,
      [ambassadorId],
    );
    const currencies = [...new Set(rows.map((r) => r.currency))].sort();
    return currencies.map((currency) => ({
      currency,
      ...ambassadorPosition((kind) => BigInt(rows.find((r) => r.currency === currency && r.kind === kind)?.balance ?? '0')),
    }));
  }

  async position(manager: EntityManager | undefined, ambassadorId: string, currency: string): Promise<AmbassadorPosition> {
    const found = (await this.positions(manager, ambassadorId)).find((p) => p.currency === currency);
    return found ?? { pendingMinor: 0n, availableMinor: 0n, paidOutMinor: 0n, clawbackReceivableMinor: 0n, netAvailableMinor: 0n };
  }

  /** Checks the materialised balances against the entries and that everything balances. */
  async integrity(): Promise<LedgerIntegrity> {
    const [mismatches] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM (
         SELECT a.id FROM ledger_accounts a
           LEFT JOIN ledger_balances b ON b.account_id = a.id
           LEFT JOIN (SELECT account_id, sum(amount_minor) AS total FROM ledger_entries GROUP BY account_id) e ON e.account_id = a.id
          WHERE coalesce(b.balance_minor, 0) <> coalesce(e.total, 0)) m`,
    );
    const [unbalanced] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, currency HAVING sum(amount_minor) <> 0) u`,
    );
    const currencies: Array<{ currency: string }> = await this.dataSource.query(
      'SELECT currency FROM ledger_entries GROUP BY currency HAVING sum(amount_minor) <> 0 ORDER BY currency',
    );
    const [counts] = await this.dataSource.query(
      'SELECT (SELECT count(*) FROM ledger_transactions)::int AS transactions, (SELECT count(*) FROM ledger_entries)::int AS entries',
    );
    return {
      balanceMismatches: mismatches.n,
      unbalancedTransactions: unbalanced.n,
      unbalancedCurrencies: currencies.map((c) => c.currency),
      transactions: counts.transactions,
      entries: counts.entries,
    };
  }
}

export const postingDescriptions: Record<PostingKind, string> = {
  COMMISSION_EARNED: 'commission earned, on hold',
  COMMISSION_RELEASED: 'hold passed, available',
  COMMISSION_REVERSED: 'commission reversed',
  PAYOUT_RESERVED: 'payout being sent',
  PAYOUT_SETTLED: 'payout transferred',
  PAYOUT_CANCELLED: 'payout refused by Stripe, available again',
  TRANSFER_REVERSED: 'transfer reversed, available again',
};
