import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Stripe, withStripeRetry } from '@streetteam/stripe';
import { returning } from '@streetteam/persistence';
import { STRIPE } from '../stripe.provider';
import { toCsv } from '../csv';
import { ReconciliationErrorCode, ReconciliationException } from './reconciliation.exception';

export const reconciliationItemKinds = ['MATCHED', 'MISSING_IN_STRIPE', 'MISSING_IN_LEDGER', 'AMOUNT_MISMATCH', 'CURRENCY_MISMATCH'] as const;
export type ReconciliationItemKind = (typeof reconciliationItemKinds)[number];

export interface CurrencyTotals {
  currency: string;
  ledgerMinor: string;
  stripeMinor: string;
  differenceMinor: string;
  matched: number;
  differences: number;
}

export interface ReconciliationReportRow {
  id: string;
  period_from: Date;
  period_to: Date;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  created_by: string;
  created_at: Date;
  completed_at: Date | null;
  stripe_transactions: number;
  failure: string | null;
  totals: CurrencyTotals[];
}

export interface ReconciliationItemRow {
  id: string;
  report_id: string;
  kind: ReconciliationItemKind;
  stripe_transfer_id: string | null;
  stripe_reversal_id: string | null;
  payout_id: string | null;
  ambassador_id: string | null;
  ledger_amount_minor: string | null;
  ledger_currency: string | null;
  stripe_amount_minor: string | null;
  stripe_currency: string | null;
  balance_transaction_id: string | null;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

export interface StripeLine {
  id: string;
  type: string;
  source: string | null;
  amount: number;
  currency: string;
}

const LOAD_CHUNK = 10_000;

/**
 * Matches the ledger's paid payouts of a period to Stripe's balance transactions by
 * transfer id, and its transfer reversals to `transfer_refund` lines by reversal id. Stripe's side is read page by page and loaded in bulk; the matching is one
 * SQL statement, so a million of each fit in well under a minute.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
  ) {}

  async run(from: Date, to: Date, createdBy: string): Promise<ReconciliationReportRow> {
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
      throw new ReconciliationException(ReconciliationErrorCode.INVALID_INPUT, 'to: the period must end after it starts');
    }
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO reconciliation_reports (id, period_from, period_to, status, created_by) VALUES ($1, $2, $3, 'RUNNING', $4)`, [
      id,
      from,
      to,
      createdBy,
    ]);
    try {
      const loaded = await this.loadStripe(id, this.stripeLines(from, to));
      await this.match(id, from, to, loaded);
    } catch (error) {
      await this.dataSource.query(`UPDATE reconciliation_reports SET status = 'FAILED', failure = $2, completed_at = now() WHERE id = $1`, [id, String(error).slice(0, 1000)]);
      await this.dataSource.query('DELETE FROM reconciliation_stripe_lines WHERE report_id = $1', [id]);
      throw error;
    }
    return this.report(id);
  }

  /** Stripe's balance transactions of the period, every page. */
  async *stripeLines(from: Date, to: Date): AsyncGenerator<StripeLine> {
    let startingAfter: string | undefined;
    for (;;) {
      const page = await withStripeRetry(() =>
        this.stripe.balanceTransactions.list({
          created: { gte: Math.floor(from.getTime() / 1000), lt: Math.ceil(to.getTime() / 1000) },
          limit: 100,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      for (const bt of page.data) {
        yield { id: bt.id, type: bt.type, source: typeof bt.source === 'string' ? bt.source : (bt.source?.id ?? null), amount: bt.amount, currency: bt.currency };
      }
      if (!page.has_more || page.data.length === 0) return;
      startingAfter = page.data[page.data.length - 1].id;
    }
  }

  /** Loads Stripe's lines in multi-row inserts; returns how many. */
  async loadStripe(reportId: string, lines: AsyncIterable<StripeLine> | Iterable<StripeLine>): Promise<number> {
    let chunk: StripeLine[] = [];
    let total = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      await this.dataSource.query(
        `INSERT INTO reconciliation_stripe_lines (report_id, balance_transaction_id, type, source, amount_minor, currency)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])`,
        [reportId, chunk.map((l) => l.id), chunk.map((l) => l.type), chunk.map((l) => l.source), chunk.map((l) => l.amount), chunk.map((l) => l.currency.toUpperCase())],
      );
      total += chunk.length;
      chunk = [];
    };
    for await (const line of lines) {
      chunk.push(line);
      if (chunk.length >= LOAD_CHUNK) await flush();
    }
    await flush();
    return total;
  }

  /** Matches in one statement, then the totals per currency. */
  async match(reportId: string, from: Date, to: Date, stripeTransactions: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO reconciliation_items (report_id, kind, stripe_transfer_id, payout_id, ambassador_id, ledger_amount_minor, ledger_currency, stripe_amount_minor, stripe_currency, balance_transaction_id)
         SELECT $1,
                CASE WHEN p.id IS NULL THEN 'MISSING_IN_LEDGER'
                     WHEN s.source IS NULL THEN 'MISSING_IN_STRIPE'
                     WHEN p.currency <> s.currency THEN 'CURRENCY_MISMATCH'
                     WHEN p.amount_minor <> s.amount_minor THEN 'AMOUNT_MISMATCH'
                     ELSE 'MATCHED' END,
                coalesce(p.stripe_transfer_id, s.source), p.id, p.ambassador_id, p.amount_minor, p.currency, s.amount_minor, s.currency, s.balance_transaction_id
           FROM (SELECT id, ambassador_id, stripe_transfer_id, amount_minor, currency FROM payouts
                  WHERE status = 'PAID' AND paid_at >= $2 AND paid_at < $3) p
           FULL JOIN (SELECT source, -sum(amount_minor) AS amount_minor, min(currency) AS currency, min(balance_transaction_id) AS balance_transaction_id
                        FROM reconciliation_stripe_lines WHERE report_id = $1 AND type = 'transfer' GROUP BY source) s
             ON s.source = p.stripe_transfer_id`,
        [reportId, from, to],
      );
      // Transfer reversals by reversal id (a transfer_refund line's source is the trr_), as
      // negative amounts: the totals are then the net paid out, on both sides.
      await manager.query(
        `INSERT INTO reconciliation_items (report_id, kind, stripe_reversal_id, stripe_transfer_id, payout_id, ambassador_id, ledger_amount_minor, ledger_currency, stripe_amount_minor, stripe_currency, balance_transaction_id)
         SELECT $1,
                CASE WHEN r.id IS NULL THEN 'MISSING_IN_LEDGER'
                     WHEN s.source IS NULL THEN 'MISSING_IN_STRIPE'
                     WHEN r.currency <> s.currency THEN 'CURRENCY_MISMATCH'
                     WHEN r.amount_minor <> s.amount_minor THEN 'AMOUNT_MISMATCH'
                     ELSE 'MATCHED' END,
                coalesce(r.id, s.source), r.stripe_transfer_id, r.payout_id, r.ambassador_id, r.amount_minor, r.currency, s.amount_minor, s.currency, s.balance_transaction_id
           FROM (SELECT tr.id, tr.stripe_transfer_id, tr.payout_id, p.ambassador_id, -tr.amount_minor AS amount_minor, tr.currency
                   FROM transfer_reversals tr JOIN payouts p ON p.id = tr.payout_id
                  WHERE tr.recorded_at >= $2 AND tr.recorded_at < $3) r
           FULL JOIN (SELECT source, -sum(amount_minor) AS amount_minor, min(currency) AS currency, min(balance_transaction_id) AS balance_transaction_id
                        FROM reconciliation_stripe_lines WHERE report_id = $1 AND type = 'transfer_refund' GROUP BY source) s
             ON s.source = r.id`,
        [reportId, from, to],
      );
      const totals: CurrencyTotals[] = await manager.query(
        `SELECT currency, ledger::text AS "ledgerMinor", stripe::text AS "stripeMinor", (ledger - stripe)::text AS "differenceMinor", matched, differences
           FROM (SELECT c.currency,
                        coalesce(sum(i.ledger_amount_minor) FILTER (WHERE i.ledger_currency = c.currency), 0) AS ledger,
                        coalesce(sum(i.stripe_amount_minor) FILTER (WHERE i.stripe_currency = c.currency), 0) AS stripe,
                        count(*) FILTER (WHERE i.kind = 'MATCHED' AND i.ledger_currency = c.currency)::int AS matched,
                        count(*) FILTER (WHERE i.kind <> 'MATCHED' AND (i.ledger_currency = c.currency OR i.stripe_currency = c.currency))::int AS differences
                   FROM (SELECT DISTINCT ledger_currency AS currency FROM reconciliation_items WHERE report_id = $1 AND ledger_currency IS NOT NULL
                         UNION SELECT DISTINCT stripe_currency FROM reconciliation_items WHERE report_id = $1 AND stripe_currency IS NOT NULL) c
                   CROSS JOIN LATERAL (SELECT * FROM reconciliation_items WHERE report_id = $1 AND (ledger_currency = c.currency OR stripe_currency = c.currency)) i
                  GROUP BY c.currency) t
          ORDER BY currency`,
        [reportId],
      );
      await manager.query('DELETE FROM reconciliation_stripe_lines WHERE report_id = $1', [reportId]);
      await manager.query(`UPDATE reconciliation_reports SET status = 'COMPLETED', completed_at = now(), stripe_transactions = $2, totals = $3 WHERE id = $1`, [
        reportId,
        stripeTransactions,
        JSON.stringify(totals),
      ]);
    });
  }

  async report(id: string): Promise<ReconciliationReportRow> {
    const [row] = await this.dataSource.query('SELECT * FROM reconciliation_reports WHERE id = $1', [id]);
    if (!row) throw new ReconciliationException(ReconciliationErrorCode.NOT_FOUND, `reportId: no reconciliation report ${id}`);
    return row;
  }

  async counts(id: string): Promise<Record<ReconciliationItemKind, number>> {
    const rows: Array<{ kind: ReconciliationItemKind; n: number }> = await this.dataSource.query(
      'SELECT kind, count(*)::int AS n FROM reconciliation_items WHERE report_id = $1 GROUP BY kind',
      [id],
    );
    const counts = Object.fromEntries(reconciliationItemKinds.map((k) => [k, 0])) as Record<ReconciliationItemKind, number>;
    for (const row of rows) counts[row.kind] = row.n;
    return counts;
  }

  items(id: string, kinds: ReconciliationItemKind[] | undefined, limit: number, afterId?: string): Promise<ReconciliationItemRow[]> {
    return this.dataSource.query(
      `SELECT * FROM reconciliation_items WHERE report_id = $1 AND ($2::text[] IS NULL OR kind = ANY($2::text[])) AND ($3::bigint IS NULL OR id > $3)
        ORDER BY id LIMIT $4`,
      [id, kinds ?? null, afterId ?? null, limit],
    );
  }

  async annotate(itemId: string, resolution: string, by: string): Promise<ReconciliationItemRow> {
    const text = resolution.trim();
    if (text.length === 0 || text.length > 2000) throw new ReconciliationException(ReconciliationErrorCode.INVALID_INPUT, 'resolution: must be 1 to 2000 characters');
    if (!/^\d{1,18}$/.test(itemId)) throw new ReconciliationException(ReconciliationErrorCode.INVALID_INPUT, 'itemId: must be a reconciliation item id');
    const [row] = await returning<ReconciliationItemRow>(
      this.dataSource,
      `UPDATE reconciliation_items SET resolution = $2, resolved_by = $3, resolved_at = now() WHERE id = $1 RETURNING *`,
      [itemId, text, by],
    );
    if (!row) throw new ReconciliationException(ReconciliationErrorCode.NOT_FOUND, `itemId: no reconciliation item ${itemId}`);
    return row;
  }

  async csv(id: string, kinds?: ReconciliationItemKind[]): Promise<string> {
    await this.report(id);
    const rows = await this.items(id, kinds, 1_000_000);
    return toCsv(
      ['kind', 'stripe_transfer_id', 'stripe_reversal_id', 'payout_id', 'ambassador_id', 'ledger_amount_minor', 'ledger_currency', 'stripe_amount_minor', 'stripe_currency', 'balance_transaction_id', 'resolution'],
      rows.map((r) => [r.kind, r.stripe_transfer_id, r.stripe_reversal_id, r.payout_id, r.ambassador_id, r.ledger_amount_minor, r.ledger_currency, r.stripe_amount_minor, r.stripe_currency, r.balance_transaction_id, r.resolution]),
    );
  }
}
