import { EntityManager } from 'typeorm';
import { TaxFormKind } from '../tax-forms/tax-rules';
import { PayoutCandidate } from './payout-run-rules';

interface CandidateRow {
  ambassador_id: string;
  status: string | null;
  country: string | null;
  available: string;
  receivable: string;
  held: string;
  held_available: string;
  after_cutoff: string;
  payouts_enabled: boolean | null;
  form: TaxFormKind | null;
  paid_this_year: string;
}

/**
 * Everyone with money (or a clawback owed) in the currency, with what the run rules need.
 * Payable = the available balance minus available commissions on fraud hold and those earned after the cut-off;
 * an ambassador whose only money is on fraud hold (pending or available) is listed too, to be skipped as FRAUD_HOLD.
 */
export async function loadPayoutCandidates(
  manager: EntityManager,
  terms: { currency: string; cutoffAt: Date; year: number; ambassadorIds?: string[] },
): Promise<PayoutCandidate[]> {
  const rows: CandidateRow[] = await manager.query(
    `WITH money AS (
       SELECT la.ambassador_id,
              sum(CASE WHEN la.kind = 'AMBASSADOR_AVAILABLE' THEN -b.balance_minor ELSE 0 END) AS available,
              sum(CASE WHEN la.kind = 'CLAWBACK_RECEIVABLE' THEN b.balance_minor ELSE 0 END) AS receivable
         FROM ledger_accounts la JOIN ledger_balances b ON b.account_id = la.id
        WHERE la.currency = $1 AND la.kind IN ('AMBASSADOR_AVAILABLE', 'CLAWBACK_RECEIVABLE')
          AND ($4::uuid[] IS NULL OR la.ambassador_id = ANY($4::uuid[]))
        GROUP BY la.ambassador_id),
     excluded AS (
       SELECT c.ambassador_id,
              sum(CASE WHEN c.held AND c.stage = 'AVAILABLE' THEN c.amount_minor - c.reversed_minor ELSE 0 END) AS held_available,
              sum(CASE WHEN c.held THEN c.amount_minor - c.reversed_minor ELSE 0 END) AS held,
              sum(CASE WHEN NOT c.held AND c.stage = 'AVAILABLE' AND c.earned_at > $2 THEN c.amount_minor - c.reversed_minor ELSE 0 END) AS after_cutoff
         FROM commissions c
        WHERE c.currency = $1 AND c.stage IN ('PENDING', 'AVAILABLE') AND c.payout_id IS NULL AND (c.held OR c.earned_at > $2)
          AND ($4::uuid[] IS NULL OR c.ambassador_id = ANY($4::uuid[]))
        GROUP BY c.ambassador_id),
     everyone AS (SELECT ambassador_id FROM money UNION SELECT ambassador_id FROM excluded WHERE held > 0),
     forms AS (
       SELECT DISTINCT ON (ambassador_id) ambassador_id, kind, status FROM tax_forms ORDER BY ambassador_id, recorded_at DESC, id),
     paid AS (
       SELECT ambassador_id, sum(amount_minor - reversed_minor) AS total FROM payouts
        WHERE status = 'PAID' AND currency = $1 AND paid_at >= make_timestamptz($3, 1, 1, 0, 0, 0, 'UTC') GROUP BY ambassador_id)
     SELECT w.ambassador_id, a.status, a.country,
            coalesce(m.available, 0)::text AS available, coalesce(m.receivable, 0)::text AS receivable,
            coalesce(e.held, 0)::text AS held, coalesce(e.held_available, 0)::text AS held_available, coalesce(e.after_cutoff, 0)::text AS after_cutoff,
            pa.payouts_enabled,
            CASE WHEN f.status IN ('RECEIVED', 'VERIFIED') THEN f.kind END AS form,
            coalesce(p.total, 0)::text AS paid_this_year
       FROM everyone w
       LEFT JOIN money m ON m.ambassador_id = w.ambassador_id
       LEFT JOIN ambassadors a ON a.id = w.ambassador_id
       LEFT JOIN excluded e ON e.ambassador_id = w.ambassador_id
       LEFT JOIN payout_accounts pa ON pa.ambassador_id = w.ambassador_id
       LEFT JOIN forms f ON f.ambassador_id = w.ambassador_id
       LEFT JOIN paid p ON p.ambassador_id = w.ambassador_id
      WHERE coalesce(m.available, 0) <> 0 OR coalesce(m.receivable, 0) <> 0 OR coalesce(e.held, 0) > 0
      ORDER BY w.ambassador_id`,
    [terms.currency, terms.cutoffAt, terms.year, terms.ambassadorIds ?? null],
  );
  return rows.map((r) => ({
    ambassadorId: r.ambassador_id,
    ambassadorStatus: r.status,
    payableMinor: BigInt(r.available) - BigInt(r.held_available) - BigInt(r.after_cutoff),
    heldMinor: BigInt(r.held),
    receivableMinor: BigInt(r.receivable),
    payoutsEnabled: r.payouts_enabled === true,
    tax: { country: r.country ?? '', formOnFile: r.form },
    paidThisYearMinor: BigInt(r.paid_this_year),
  }));
}
