import { PayoutAccountRow } from './payout-accounts/payout-account.service';
import { PayoutAccount, PayoutAccountState } from './payout-accounts/payout-account.model';
import { Payout, PayoutRun } from './payout-runs/payout-run.model';
import { PayoutRunRow } from './payout-runs/payout-run.service';
import { PayoutRow } from './payout-runs/payout-sender';
import { ReconciliationItem, ReconciliationReport } from './reconciliation/reconciliation.model';
import { ReconciliationItemRow, ReconciliationReportRow } from './reconciliation/reconciliation.service';
import { TaxForm } from './tax-forms/tax-form.model';
import { TaxFormRow } from './tax-forms/tax-form.service';

// Rows to GraphQL objects, in one place: money from bigint text to Number (minor units stay exact below 2^53).
const num = (value: string | null): number | null => (value === null ? null : Number(value));

export const toPayoutAccount = (a: PayoutAccountRow): PayoutAccount => ({
  ambassadorId: a.ambassador_id,
  stripeAccountId: a.stripe_account_id,
  state: a.state as PayoutAccountState,
  payoutsEnabled: a.payouts_enabled,
  detailsSubmitted: a.details_submitted,
  requirements: a.requirements,
  disabledReason: a.disabled_reason,
  updatedAt: a.updated_at,
  lastBankPayout: a.last_bank_payout
    ? {
        id: a.last_bank_payout.id,
        status: a.last_bank_payout.status,
        amountMinor: Number(a.last_bank_payout.amount_minor),
        currency: a.last_bank_payout.currency,
        failureCode: a.last_bank_payout.failure_code,
        failureMessage: a.last_bank_payout.failure_message,
      }
    : null,
});

export const toTaxForm = (f: TaxFormRow): TaxForm => ({
  id: f.id,
  ambassadorId: f.ambassador_id,
  kind: f.kind,
  status: f.status,
  documentRef: f.document_ref,
  recordedAt: f.recorded_at,
});

export const toPayoutRun = (r: PayoutRunRow): PayoutRun => ({
  id: r.id,
  currency: r.currency,
  minimumMinor: Number(r.minimum_minor),
  cutoffAt: r.cutoff_at,
  status: r.status,
  createdBy: r.created_by,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  createdAt: r.created_at,
});

export const toPayout = (p: PayoutRow): Payout => ({
  id: p.id,
  payoutRunId: p.payout_run_id,
  kind: p.kind,
  ambassadorId: p.ambassador_id,
  currency: p.currency,
  amountMinor: Number(p.amount_minor),
  nettedMinor: Number(p.netted_minor),
  status: p.status,
  attempt: p.attempt,
  stripeTransferId: p.stripe_transfer_id,
  failureCode: p.failure_code,
  failureMessage: p.failure_message,
  retryable: p.retryable,
  reversedMinor: Number(p.reversed_minor),
});

export const toReconciliationReport = (r: ReconciliationReportRow): ReconciliationReport => ({
  id: r.id,
  periodFrom: r.period_from,
  periodTo: r.period_to,
  status: r.status,
  createdBy: r.created_by,
  stripeTransactions: r.stripe_transactions,
  totals: r.totals.map((t) => ({
    currency: t.currency,
    ledgerMinor: Number(t.ledgerMinor),
    stripeMinor: Number(t.stripeMinor),
    differenceMinor: Number(t.differenceMinor),
    matched: t.matched,
    differences: t.differences,
  })),
});

export const toReconciliationItem = (i: ReconciliationItemRow): ReconciliationItem => ({
  id: String(i.id),
  kind: i.kind,
  stripeTransferId: i.stripe_transfer_id,
  stripeReversalId: i.stripe_reversal_id,
  payoutId: i.payout_id,
  ambassadorId: i.ambassador_id,
  ledgerAmountMinor: num(i.ledger_amount_minor),
  ledgerCurrency: i.ledger_currency,
  stripeAmountMinor: num(i.stripe_amount_minor),
  stripeCurrency: i.stripe_currency,
  balanceTransactionId: i.balance_transaction_id,
  resolution: i.resolution,
  resolvedBy: i.resolved_by,
});
