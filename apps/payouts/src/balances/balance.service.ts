import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toCsv } from '../csv';

export interface HistoryLine {
  transactionId: string;
  postedAt: Date;
  kind: string;
  currency: string;
  description: string;
  commissionId: string | null;
  payoutId: string | null;
  /** How the ambassador's balance (pending + available - clawback owed) moved. */
  changeMinor: bigint;
  balanceAfterMinor: bigint;
}

export interface LedgerFilter {
  ambassadorId?: string;
  currency?: string;
  kind?: string;
  from?: Date;
  to?: Date;
}

export interface LedgerLine {
  transactionId: string;
  reference: string;
  postedAt: Date;
  kind: string;
  ambassadorId: string;
  currency: string;
  description: string;
  entries: Array<{ account: string; amountMinor: bigint }>;
}

/** Read side of the ledger: an ambassador's history with a running balance; finance's filtered journal and CSV. */
@Injectable()
export class BalanceService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first; `before` pages back (a transaction id from the last page). The running balance is per currency. */
  async history(ambassadorId: string, limit: number, before?: string): Promise<HistoryLine[]> {
    const rows = await this.dataSource.query(
      `WITH moves AS (
         SELECT t.id, t.posted_at, t.kind, t.currency, t.description, t.commission_id, t.payout_id,
                coalesce(-sum(e.amount_minor) FILTER (WHERE a.kind IN ('AMBASSADOR_PENDING', 'AMBASSADOR_AVAILABLE', 'CLAWBACK_RECEIVABLE') AND a.ambassador_id = t.ambassador_id), 0) AS change
           FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id JOIN ledger_accounts a ON a.id = e.account_id
          WHERE t.ambassador_id = $1
          GROUP BY t.id),
       running AS (
         SELECT *, sum(change) OVER (PARTITION BY currency ORDER BY posted_at, id) AS balance_after FROM moves)
       SELECT id, posted_at, kind, currency, description, commission_id, payout_id, change::text, balance_after::text FROM running
        WHERE ($2::uuid IS NULL OR (posted_at, id) < (SELECT posted_at, id FROM ledger_transactions WHERE id = $2))
        ORDER BY posted_at DESC, id DESC LIMIT $3`,
      [ambassadorId, before ?? null, limit],
    );
    return rows.map((r: Record<string, string | Date | null>) => ({
      transactionId: r.id as string,
      postedAt: r.posted_at as Date,
      kind: r.kind as string,
      currency: r.currency as string,
      description: r.description as string,
      commissionId: r.commission_id as string | null,
      payoutId: r.payout_id as string | null,
      changeMinor: BigInt(r.change as string),
      balanceAfterMinor: BigInt(r.balance_after as string),
    }));
  }

  async journal(filter: LedgerFilter, limit: number, before?: string): Promise<LedgerLine[]> {
    const rows = await this.dataSource.query(
      `SELECT t.id, t.reference, t.posted_at, t.kind, t.ambassador_id, t.currency, t.description,
              json_agg(json_build_object('account', a.kind, 'amount', e.amount_minor::text) ORDER BY e.id) AS entries
         FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id JOIN ledger_accounts a ON a.id = e.account_id
        WHERE ($1::uuid IS NULL OR t.ambassador_id = $1) AND ($2::text IS NULL OR t.currency = $2) AND ($3::text IS NULL OR t.kind = $3)
          AND ($4::timestamptz IS NULL OR t.posted_at >= $4) AND ($5::timestamptz IS NULL OR t.posted_at < $5)
          AND ($6::uuid IS NULL OR (t.posted_at, t.id) < (SELECT posted_at, id FROM ledger_transactions WHERE id = $6))
        GROUP BY t.id ORDER BY t.posted_at DESC, t.id DESC LIMIT $7`,
      [filter.ambassadorId ?? null, filter.currency ?? null, filter.kind ?? null, filter.from ?? null, filter.to ?? null, before ?? null, limit],
    );
    return rows.map((r: Record<string, unknown>) => ({
      transactionId: r.id as string,
      reference: r.reference as string,
      postedAt: r.posted_at as Date,
      kind: r.kind as string,
      ambassadorId: r.ambassador_id as string,
      currency: r.currency as string,
      description: r.description as string,
      entries: (r.entries as Array<{ account: string; amount: string }>).map((e) => ({ account: e.account, amountMinor: BigInt(e.amount) })),
    }));
  }

  /** One CSV row per entry (debit positive, credit negative), so the export sums to zero per transaction. */
  async journalCsv(filter: LedgerFilter): Promise<string> {
    const lines = await this.journal(filter, 100_000);
    return toCsv(
      ['transaction_id', 'reference', 'posted_at', 'kind', 'ambassador_id', 'currency', 'account', 'amount_minor', 'description'],
      lines.flatMap((l) => l.entries.map((e) => [l.transactionId, l.reference, l.postedAt, l.kind, l.ambassadorId, l.currency, e.account, e.amountMinor, l.description])),
    );
  }
}
