import { randomUUID } from 'node:crypto';
import { waitFor } from '@streetteam/testing';
import { CommissionService } from '../src/commissions/commission.service';
import { activateAmbassador, as, commission, earn, onboard, PayoutsTestApp, startPayoutsTestApp } from './support/payouts-test-app';
import { createStripeClient } from '@streetteam/stripe';

const RECONCILE = `mutation ($from: DateTime!, $to: DateTime!) { runReconciliation(from: $from, to: $to) { id status stripeTransactions
  totals { currency ledgerMinor stripeMinor differenceMinor matched differences }
  counts { matched missingInStripe missingInLedger amountMismatch currencyMismatch }
  items(kinds: ["MISSING_IN_STRIPE", "MISSING_IN_LEDGER", "AMOUNT_MISMATCH", "CURRENCY_MISMATCH"]) { id kind stripeTransferId stripeReversalId payoutId ledgerAmountMinor stripeAmountMinor }
  csv } }`;

interface Report {
  id: string;
  status: string;
  stripeTransactions: number;
  totals: Array<{ currency: string; ledgerMinor: number; stripeMinor: number; differenceMinor: number; matched: number; differences: number }>;
  counts: Record<string, number>;
  items: Array<{ id: string; kind: string; stripeTransferId: string; stripeReversalId: string | null; payoutId: string | null; ledgerAmountMinor: number | null; stripeAmountMinor: number | null }>;
  csv: string;
}

describe('reconciliation and tax forms', () => {
  let app: PayoutsTestApp;
  const later = () => new Date(Date.now() + 60 * 86_400_000);
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = () => new Date(Date.now() + 3_600_000).toISOString();

  async function payRun(ambassadors: string[]): Promise<string> {
    await app.service.app.get(CommissionService).releaseDue(later());
    const id = (await app.service.graphql<{ createPayoutRun: { id: string } }>(`mutation { createPayoutRun(input: { currency: "USD", minimumMinor: 1, cutoffAt: "${new Date().toISOString()}" }) { id } }`, {}, { ...as.finance, ambassadorId: 'c' })).data!.createPayoutRun.id;
    await app.service.graphql(`mutation ($id: ID!) { approvePayoutRun(payoutRunId: $id) { id } }`, { id }, as.finance);
    await app.service.graphql(`mutation ($id: ID!) { executePayoutRun(payoutRunId: $id) { id } }`, { id }, as.finance);
    await waitFor(async () => (await app.db.query('SELECT status FROM payout_runs WHERE id = $1', [id])).rows[0].status === 'COMPLETED', { description: 'run completed', timeoutMs: 30_000 });
    expect((await app.db.query('SELECT count(*)::int AS n FROM payouts WHERE payout_run_id = $1', [id])).rows[0].n).toBe(ambassadors.length);
    return id;
  }

  beforeAll(async () => {
    app = await startPayoutsTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('matches every paid payout to its Stripe balance transaction with zero difference, then reports each kind of difference', async () => {
    const ambassadors = [await activateAmbassador(app), await activateAmbassador(app), await activateAmbassador(app)];
    for (const [i, a] of ambassadors.entries()) {
      await onboard(app, a);
      await earn(app, commission(a, 1000 * (i + 1)));
    }
    await payRun(ambassadors);

    const clean = (await app.service.graphql<{ runReconciliation: Report }>(RECONCILE, { from, to: to() }, as.finance)).data!.runReconciliation;
    expect(clean.status).toBe('COMPLETED');
    expect(clean.counts).toEqual({ matched: 3, missingInStripe: 0, missingInLedger: 0, amountMismatch: 0, currencyMismatch: 0 });
    expect(clean.totals).toEqual([{ currency: 'USD', ledgerMinor: 6000, stripeMinor: 6000, differenceMinor: 0, matched: 3, differences: 0 }]);
    expect(clean.stripeTransactions).toBeGreaterThanOrEqual(3);

    // Break the books three ways: a payout Stripe never saw, a wrong amount, a transfer we never booked.
    const [one, two] = (await app.db.query(`SELECT id, stripe_transfer_id FROM payouts WHERE status = 'PAID' ORDER BY amount_minor`)).rows;
    await app.db.query(`UPDATE payouts SET stripe_transfer_id = 'tr_never_at_stripe' WHERE id = $1`, [one.id]);
    await app.db.query(`UPDATE payouts SET amount_minor = amount_minor + 7 WHERE id = $1`, [two.id]);
    const stranger = await activateAmbassador(app);
    const strangerAccount = await onboard(app, stranger);
    const outside = await createStripeClient(app.payoutsConfig.stripe).transfers.create({ amount: 555, currency: 'usd', destination: strangerAccount }, { idempotencyKey: `outside-${randomUUID()}` });

    const broken = (await app.service.graphql<{ runReconciliation: Report }>(RECONCILE, { from, to: to() }, as.finance)).data!.runReconciliation;
    expect(broken.counts).toEqual({ matched: 1, missingInStripe: 1, missingInLedger: 2, amountMismatch: 1, currencyMismatch: 0 });
    expect(broken.items.find((i) => i.kind === 'MISSING_IN_STRIPE')).toMatchObject({ payoutId: one.id, stripeTransferId: 'tr_never_at_stripe' });
    expect(broken.items.filter((i) => i.kind === 'MISSING_IN_LEDGER').map((i) => i.stripeTransferId).sort()).toEqual([one.stripe_transfer_id, outside.id].sort());
    expect(broken.items.find((i) => i.kind === 'AMOUNT_MISMATCH')).toMatchObject({ payoutId: two.id, ledgerAmountMinor: 2007, stripeAmountMinor: 2000 });
    expect(broken.totals[0].differenceMinor).not.toBe(0);
    expect(broken.csv.split('\n')[0]).toBe('kind,stripe_transfer_id,stripe_reversal_id,payout_id,ambassador_id,ledger_amount_minor,ledger_currency,stripe_amount_minor,stripe_currency,balance_transaction_id,resolution');

    const item = broken.items.find((i) => i.kind === 'AMOUNT_MISMATCH')!;
    const annotated = await app.service.graphql<{ annotateReconciliationItem: { resolution: string; resolvedBy: string } }>(
      `mutation ($id: ID!, $r: String!) { annotateReconciliationItem(itemId: $id, resolution: $r) { resolution resolvedBy } }`,
      { id: item.id, r: 'ledger typo, corrected by a new transaction' },
      as.finance,
    );
    expect(annotated.data!.annotateReconciliationItem).toEqual({ resolution: 'ledger typo, corrected by a new transaction', resolvedBy: 'finance-staff' });
    const empty = await app.service.graphql(`mutation ($id: ID!) { annotateReconciliationItem(itemId: $id, resolution: "  ") { id } }`, { id: item.id }, as.finance);
    expect(empty.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('resolution') });
    const backwards = await app.service.graphql(RECONCILE, { from: to(), to: from }, as.finance);
    expect(backwards.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('to') });
    expect((await app.service.graphql(RECONCILE, { from, to: to() }, as.ambassador(stranger))).errors?.[0].extensions.code).toBe('FORBIDDEN');
    // Put the books back for the tax test.
    await app.db.query(`UPDATE payouts SET stripe_transfer_id = $2 WHERE id = $1`, [one.id, one.stripe_transfer_id]);
    await app.db.query(`UPDATE payouts SET amount_minor = amount_minor - 7 WHERE id = $1`, [two.id]);
  });

  it('keeps tax forms as a status and a reference, never a tax id, and lists who needs a 1099-NEC, as CSV', async () => {
    const us = await activateAmbassador(app, 'US');
    const usWithW9 = await activateAmbassador(app, 'US');
    await onboard(app, usWithW9);
    const RECORD = `mutation ($input: RecordTaxFormInput!) { recordTaxForm(input: $input) { kind status documentRef } }`;
    const submitted = await app.service.graphql(RECORD, { input: { ambassadorId: usWithW9, kind: 'W9', status: 'RECEIVED', documentRef: 'docs:tax/w9-2026-0001.pdf' } }, as.ambassador(usWithW9));
    expect(submitted.data).toEqual({ recordTaxForm: { kind: 'W9', status: 'RECEIVED', documentRef: 'docs:tax/w9-2026-0001.pdf' } });
    const taxId = await app.service.graphql(RECORD, { input: { ambassadorId: us, kind: 'W9', status: 'RECEIVED', documentRef: '123-45-6789' } }, as.ambassador(us));
    expect(taxId.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('documentRef') });
    const selfVerify = await app.service.graphql(RECORD, { input: { ambassadorId: us, kind: 'W9', status: 'VERIFIED', documentRef: 'docs:tax/w9-x.pdf' } }, as.ambassador(us));
    expect(selfVerify.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const forOther = await app.service.graphql(RECORD, { input: { ambassadorId: us, kind: 'W9', status: 'RECEIVED', documentRef: 'docs:tax/w9-y.pdf' } }, as.ambassador(usWithW9));
    expect(forOther.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await app.db.query(`SELECT count(*)::int AS n FROM tax_forms WHERE document_ref LIKE '%6789%'`)).rows[0].n).toBe(0);

    await earn(app, commission(usWithW9, 250_000));
    await payRun([usWithW9]);
    const year = new Date().getUTCFullYear();
    const report = await app.service.graphql<{ taxYearEndReport: { thresholdMinor: number; lines: Array<{ ambassadorId: string; paidMinor: number; w9OnFile: boolean }>; csv: string } }>(
      `query ($y: Int!) { taxYearEndReport(year: $y) { thresholdMinor lines { ambassadorId paidMinor w9OnFile } csv } }`,
      { y: year },
      as.finance,
    );
    expect(report.data!.taxYearEndReport.lines).toEqual([{ ambassadorId: usWithW9, paidMinor: 250_000, w9OnFile: true }]);
    expect(report.data!.taxYearEndReport.csv).toContain(`${usWithW9},US,${year},250000,USD,W9,RECEIVED,docs:tax/w9-2026-0001.pdf,true`);
    expect((await app.service.graphql(`query { taxYearEndReport(year: 1800) { year } }`, {}, as.finance)).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('year') });
    expect((await app.service.graphql(`query { taxYearEndReport(year: 2026) { year } }`, {}, as.ambassador(us))).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('matches transfer reversals to Stripe by reversal id with zero difference, then reports a reversal missing on either side and a wrong amount', async () => {
    // A period of its own: balance transactions carry whole seconds, so it starts on the next one.
    const start = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000);
    await waitFor(async () => Date.now() >= start.getTime(), { description: 'the period started', timeoutMs: 5_000 });
    const period = () => ({ from: start.toISOString(), to: to() });
    const [a, b] = [await activateAmbassador(app), await activateAmbassador(app)];
    for (const [ambassador, amount] of [[a, 4000], [b, 3000]] as const) {
      await onboard(app, ambassador);
      await earn(app, commission(ambassador, amount));
    }
    await payRun([a, b]);
    const paid = async (ambassador: string) => (await app.db.query(`SELECT id, stripe_transfer_id FROM payouts WHERE ambassador_id = $1 AND status = 'PAID'`, [ambassador])).rows[0];
    const [payoutA, payoutB] = [await paid(a), await paid(b)];
    const stripe = createStripeClient(app.payoutsConfig.stripe);
    const booked = async (reversalId: string) =>
      waitFor(async () => (await app.db.query('SELECT 1 FROM transfer_reversals WHERE id = $1', [reversalId])).rowCount === 1, { description: `reversal ${reversalId} booked`, timeoutMs: 15_000 });
    const first = await stripe.transfers.createReversal(payoutA.stripe_transfer_id, { amount: 1500 }, { idempotencyKey: `test-reversal-${payoutA.id}` });
    await booked(first.id);

    const clean = (await app.service.graphql<{ runReconciliation: Report }>(RECONCILE, period(), as.finance)).data!.runReconciliation;
    expect(clean.counts).toEqual({ matched: 3, missingInStripe: 0, missingInLedger: 0, amountMismatch: 0, currencyMismatch: 0 });
    // Net paid out on both sides: 4000 + 3000 − 1500.
    expect(clean.totals).toEqual([{ currency: 'USD', ledgerMinor: 5500, stripeMinor: 5500, differenceMinor: 0, matched: 3, differences: 0 }]);
    const matchedReversal = (await app.db.query('SELECT * FROM reconciliation_items WHERE report_id = $1 AND stripe_reversal_id IS NOT NULL', [clean.id])).rows;
    expect(matchedReversal).toMatchObject([{ kind: 'MATCHED', stripe_reversal_id: first.id, stripe_transfer_id: payoutA.stripe_transfer_id, payout_id: payoutA.id, ledger_amount_minor: '-1500', stripe_amount_minor: '-1500', balance_transaction_id: first.balance_transaction }]);

    // A reversal Stripe made that the ledger lost, one the ledger has that Stripe never made, a wrong amount.
    const second = await stripe.transfers.createReversal(payoutB.stripe_transfer_id, { amount: 300 }, { idempotencyKey: `test-reversal-${payoutB.id}` });
    await booked(second.id);
    await app.db.query('DELETE FROM transfer_reversals WHERE id = $1', [second.id]);
    await app.db.query(`INSERT INTO transfer_reversals (id, payout_id, stripe_transfer_id, amount_minor, currency) VALUES ('trr_never_at_stripe', $1, $2, 200, 'USD')`, [payoutB.id, payoutB.stripe_transfer_id]);
    await app.db.query('UPDATE transfer_reversals SET amount_minor = amount_minor + 5 WHERE id = $1', [first.id]);

    const broken = (await app.service.graphql<{ runReconciliation: Report }>(RECONCILE, period(), as.finance)).data!.runReconciliation;
    expect(broken.counts).toEqual({ matched: 2, missingInStripe: 1, missingInLedger: 1, amountMismatch: 1, currencyMismatch: 0 });
    expect(broken.items.find((i) => i.kind === 'MISSING_IN_STRIPE')).toMatchObject({ stripeReversalId: 'trr_never_at_stripe', payoutId: payoutB.id, ledgerAmountMinor: -200, stripeAmountMinor: null });
    expect(broken.items.find((i) => i.kind === 'MISSING_IN_LEDGER')).toMatchObject({ stripeReversalId: second.id, payoutId: null, ledgerAmountMinor: null, stripeAmountMinor: -300 });
    expect(broken.items.find((i) => i.kind === 'AMOUNT_MISMATCH')).toMatchObject({ stripeReversalId: first.id, payoutId: payoutA.id, ledgerAmountMinor: -1505, stripeAmountMinor: -1500 });
    // Ledger 7000 − 1505 − 200, Stripe 7000 − 1500 − 300.
    expect(broken.totals).toEqual([{ currency: 'USD', ledgerMinor: 5295, stripeMinor: 5200, differenceMinor: 95, matched: 2, differences: 3 }]);
    expect(broken.csv).toContain(`MISSING_IN_STRIPE,${payoutB.stripe_transfer_id},trr_never_at_stripe,${payoutB.id},`);
  });

  it('gives an ambassador an onboarding link for their own account only', async () => {
    const a = await activateAmbassador(app, 'DE');
    const link = await app.service.graphql<{ payoutOnboardingLink: { url: string } }>(`mutation ($id: ID!) { payoutOnboardingLink(ambassadorId: $id) { url expiresAt } }`, { id: a }, as.ambassador(a));
    expect(link.errors).toBeUndefined();
    expect(link.data!.payoutOnboardingLink.url).toMatch(/^https?:\/\//);
    const other = await app.service.graphql(`mutation ($id: ID!) { payoutOnboardingLink(ambassadorId: $id) { url } }`, { id: a }, as.ambassador(randomUUID()));
    expect(other.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const twice = await app.service.graphql<{ openPayoutAccount: { stripeAccountId: string } }>(`mutation ($id: ID!) { openPayoutAccount(ambassadorId: $id) { stripeAccountId state } }`, { id: a }, as.ambassador(a));
    const { rows } = await app.db.query('SELECT stripe_account_id FROM payout_accounts WHERE ambassador_id = $1', [a]);
    expect(twice.data!.openPayoutAccount.stripeAccountId).toBe(rows[0].stripe_account_id);
  });
});
