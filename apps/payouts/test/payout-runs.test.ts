import { AmbassadorStatusChanged, PayoutPaidPayload, Topics } from '@streetteam/contracts';
import { kafkaBrokers, readTopic, waitFor } from '@streetteam/testing';
import { CommissionService } from '../src/commissions/commission.service';
import { activateAmbassador, as, commission, earn, hold, integrity, onboard, PayoutsTestApp, position, publish, reversal, reverse, startPayoutsTestApp } from './support/payouts-test-app';

const CREATE = `mutation ($input: CreatePayoutRunInput!) { createPayoutRun(input: $input) { id status createdBy } }`;
const APPROVE = `mutation ($id: ID!) { approvePayoutRun(payoutRunId: $id) { id status approvedBy } }`;
const EXECUTE = `mutation ($id: ID!) { executePayoutRun(payoutRunId: $id) { id status } }`;
const RUN = `query ($id: ID!) { payoutRun(id: $id) { status progress { total paid failed skipped pending sending paidMinor }
  preview { ambassadorId pay amountMinor nettedMinor reason detail }
  payouts { ambassadorId amountMinor nettedMinor status stripeTransferId failureCode failureMessage retryable }
  skipped { ambassadorId reason detail } } }`;

interface RunView {
  status: string;
  progress: { total: number; paid: number; failed: number; skipped: number; pending: number; sending: number; paidMinor: number };
  preview: Array<{ ambassadorId: string; pay: boolean; amountMinor: number; nettedMinor: number; reason: string | null; detail: string | null }>;
  payouts: Array<{ ambassadorId: string; amountMinor: number; nettedMinor: number; status: string; stripeTransferId: string | null; failureCode: string | null; failureMessage: string | null; retryable: boolean | null }>;
  skipped: Array<{ ambassadorId: string; reason: string; detail: string }>;
}

describe('payout runs', () => {
  let app: PayoutsTestApp;
  const later = () => new Date(Date.now() + 60 * 86_400_000);
  const input = { currency: 'USD', minimumMinor: 1000, cutoffAt: new Date().toISOString() };
  const financeA = { role: as.finance.role, ambassadorId: 'a' };
  const financeB = { role: as.finance.role, ambassadorId: 'b' };

  const runView = async (id: string) => (await app.service.graphql<{ payoutRun: RunView }>(RUN, { id }, as.finance)).data!.payoutRun;
  const waitForRun = (id: string) =>
    waitFor(async () => {
      const run = await runView(id);
      return run.status.startsWith('COMPLETED') ? run : undefined;
    }, { description: `run ${id} completed`, timeoutMs: 60_000 });

  beforeAll(async () => {
    app = await startPayoutsTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('previews who is paid what and who is skipped and why, needs a second finance user, pays each once with PayoutPaid, nets a clawback', async () => {
    const paid = await activateAmbassador(app, 'DE');
    const clawed = await activateAmbassador(app, 'FR');
    const small = await activateAmbassador(app, 'DE');
    const noAccount = await activateAmbassador(app, 'DE');
    const fraud = await activateAmbassador(app, 'DE');
    const negative = await activateAmbassador(app, 'DE');
    const usNoW9 = await activateAmbassador(app, 'US');
    for (const a of [paid, clawed, small, fraud, negative, usNoW9]) await onboard(app, a);

    const c1 = await earn(app, commission(paid, 5000));
    const c2 = await earn(app, commission(paid, 2500));
    await earn(app, commission(clawed, 8000));
    await earn(app, commission(small, 999));
    await earn(app, commission(noAccount, 4000));
    const fraudulent = await earn(app, commission(fraud, 6000));
    await hold(app, fraudulent, true);
    const neg = await earn(app, commission(negative, 3000));
    await earn(app, commission(usNoW9, 250_000));
    await app.service.app.get(CommissionService).releaseDue(later());

    // A first run pays `clawed` and `negative`; their commissions are then clawed back.
    const setup = await app.service.graphql<{ createPayoutRun: { id: string } }>(CREATE, { input }, financeA);
    const setupId = setup.data!.createPayoutRun.id;
    expect((await app.service.graphql(APPROVE, { id: setupId }, financeB)).errors).toBeUndefined();
    expect((await app.service.graphql(EXECUTE, { id: setupId }, financeB)).errors).toBeUndefined();
    await waitForRun(setupId);
    const clawedCommission = (await app.db.query(`SELECT id FROM commissions WHERE ambassador_id = $1`, [clawed])).rows[0].id;
    await reverse(app, reversal({ ...commission(clawed, 8000), commissionId: clawedCommission }, 1500));
    await reverse(app, reversal(neg, 3000));
    await earn(app, commission(clawed, 4000));
    await earn(app, commission(negative, 1000));
    await earn(app, commission(paid, 1200));
    await app.service.app.get(CommissionService).releaseDue(later());
    expect(await position(app, clawed)).toEqual({ pending: 0, available: 4000, paidOut: 8000, clawback: 1500 });

    const created = await app.service.graphql<{ createPayoutRun: { id: string; status: string; createdBy: string } }>(CREATE, { input }, financeA);
    const runId = created.data!.createPayoutRun.id;
    expect(created.data!.createPayoutRun.status).toBe('CREATED');

    const preview = (await runView(runId)).preview;
    const line = (a: string) => preview.find((l) => l.ambassadorId === a);
    expect(line(paid)).toMatchObject({ pay: true, amountMinor: 1200 });
    expect(line(clawed)).toMatchObject({ pay: true, amountMinor: 2500, nettedMinor: 1500 });
    expect(line(small)).toMatchObject({ pay: false, reason: 'BELOW_MINIMUM' });
    expect(line(noAccount)).toMatchObject({ pay: false, reason: 'ACCOUNT_NOT_READY' });
    expect(line(fraud)).toMatchObject({ pay: false, reason: 'FRAUD_HOLD' });
    expect(line(negative)).toMatchObject({ pay: false, reason: 'NEGATIVE_BALANCE' });
    expect(line(usNoW9)).toMatchObject({ pay: false, reason: 'TAX_FORM_REQUIRED' });
    expect(line(usNoW9)!.detail).toMatch(/1099-NEC threshold of 200000.*no W-9/);

    // The creator can't approve their own run, and an unapproved run can't execute.
    const own = await app.service.graphql(APPROVE, { id: runId }, financeA);
    expect(own.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(own.errors?.[0].message).toMatch(/another finance user/);
    const early = await app.service.graphql(EXECUTE, { id: runId }, financeA);
    expect(early.errors?.[0].extensions.code).toBe('CONFLICT');
    const approved = await app.service.graphql<{ approvePayoutRun: { status: string; approvedBy: string } }>(APPROVE, { id: runId }, financeB);
    expect(approved.data!.approvePayoutRun).toEqual({ id: runId, status: 'APPROVED', approvedBy: 'finance-b' });
    expect((await app.service.graphql(APPROVE, { id: runId }, financeB)).errors?.[0].extensions.code).toBe('CONFLICT');

    await app.service.graphql(EXECUTE, { id: runId }, financeA);
    const run = await waitForRun(runId);
    expect(run.status).toBe('COMPLETED');
    expect(run.progress).toMatchObject({ total: 2, paid: 2, failed: 0, pending: 0, sending: 0, paidMinor: 3700 });
    expect(run.skipped.map((s) => s.reason).sort()).toEqual(['ACCOUNT_NOT_READY', 'BELOW_MINIMUM', 'FRAUD_HOLD', 'NEGATIVE_BALANCE', 'TAX_FORM_REQUIRED']);
    expect(await position(app, clawed)).toEqual({ pending: 0, available: 0, paidOut: 10_500, clawback: 0 });
    expect(await position(app, negative)).toEqual({ pending: 0, available: 1000, paidOut: 3000, clawback: 3000 });
    expect(await position(app, fraud)).toMatchObject({ pending: 6000, paidOut: 0 }); // held: never released nor paid

    // The ledger equals Stripe: one transfer per payout, with our payout id as group and idempotency key.
    const payouts = (await app.db.query(`SELECT id, amount_minor::int AS amount, stripe_transfer_id FROM payouts WHERE status = 'PAID'`)).rows;
    const transfers = app.emulator.transfers();
    expect(transfers).toHaveLength(payouts.length);
    for (const p of payouts) {
      const transfer = transfers.find((t) => t.id === p.stripe_transfer_id)!;
      expect(transfer).toMatchObject({ amount: p.amount, transfer_group: p.id, metadata: expect.objectContaining({ payout_id: p.id }) });
    }

    const events = await readTopic<{ type: string; payload: PayoutPaidPayload }>(kafkaBrokers(), `${app.service.topicPrefix}${Topics.payoutsPayouts}`, {
      until: (messages) => messages.some((m) => m.value?.payload.payoutRunId === runId && m.value?.payload.ambassadorId === paid),
      timeoutMs: 20_000,
    });
    const first = events.find((m) => m.value?.payload.payoutRunId === setupId && m.value?.payload.ambassadorId === paid)!.value!.payload;
    expect(first.commissionIds).toEqual([c1.commissionId, c2.commissionId].sort());
    expect(first.amountMinor).toBe(7500);
    expect(await integrity(app)).toEqual({ balanceMismatches: 0, unbalancedTransactions: 0, unbalancedCurrencies: [] });
  });

  it('lists a refused transfer with Stripe\'s reason, gives the money back, and pays it on retry once the account is fixed', async () => {
    const a = await activateAmbassador(app, 'DE');
    const account = await onboard(app, a);
    await earn(app, commission(a, 3000));
    await app.service.app.get(CommissionService).releaseDue(later());
    app.emulator.restrictAccount(account, 'rejected.other');
    await waitFor(async () => (await app.db.query('SELECT state FROM payout_accounts WHERE ambassador_id = $1', [a])).rows[0].state === 'RESTRICTED', {
      description: 'account.updated restricted the account',
    });
    const id = (await app.service.graphql<{ createPayoutRun: { id: string } }>(CREATE, { input }, financeA)).data!.createPayoutRun.id;
    await app.service.graphql(APPROVE, { id }, financeB);
    // Restricted at Stripe, but our record may still say enabled: Stripe refuses the transfer.
    await app.db.query(`UPDATE payout_accounts SET state = 'PAYOUTS_ENABLED', payouts_enabled = true, stripe_updated_at = 0 WHERE ambassador_id = $1`, [a]);
    await app.service.graphql(EXECUTE, { id }, financeA);
    const run = await waitForRun(id);
    expect(run.status).toBe('COMPLETED_WITH_FAILURES');
    const failed = run.payouts.find((p) => p.ambassadorId === a)!;
    expect(failed).toMatchObject({ status: 'FAILED', retryable: false, failureCode: 'insufficient_capabilities_for_transfer' });
    expect(failed.failureMessage).toMatch(/capabilities/);
    expect(await position(app, a)).toMatchObject({ available: 3000, paidOut: 0 });

    app.emulator.completeOnboarding(account);
    const retried = await app.service.graphql(`mutation ($id: ID!) { retryFailedPayouts(payoutRunId: $id) { id } }`, { id }, financeA);
    expect(retried.errors).toBeUndefined();
    const done = await waitForRun(id);
    expect(done.status).toBe('COMPLETED');
    expect(await position(app, a)).toMatchObject({ available: 0, paidOut: 3000 });
    expect(app.emulator.transfers().filter((t) => t.metadata?.ambassador_id === a)).toHaveLength(1);
  });

  it('backs off on 429 and 5xx and still pays once', async () => {
    const a = await activateAmbassador(app, 'DE');
    await onboard(app, a);
    await earn(app, commission(a, 2222));
    await app.service.app.get(CommissionService).releaseDue(later());
    const id = (await app.service.graphql<{ createPayoutRun: { id: string } }>(CREATE, { input }, financeA)).data!.createPayoutRun.id;
    await app.service.graphql(APPROVE, { id }, financeB);
    app.emulator.faults.failNext(429, 2);
    app.emulator.faults.failNext(503, 1);
    await app.service.graphql(EXECUTE, { id }, financeA);
    expect((await waitForRun(id)).status).toBe('COMPLETED');
    expect(app.emulator.transfers().filter((t) => t.metadata?.ambassador_id === a).map((t) => t.amount)).toEqual([2222]);
  });

  it('pays an offboarded ambassador a final payout of what is available', async () => {
    const a = await activateAmbassador(app, 'DE');
    await onboard(app, a);
    await earn(app, commission(a, 1500));
    await earn(app, commission(a, 100, { holdUntil: new Date(Date.now() + 365 * 86_400_000).toISOString() }));
    await app.service.app.get(CommissionService).releaseDue(later());
    await publish(app, 'payouts.ambassadors', AmbassadorStatusChanged, { ambassadorId: a, programId: '00000000-0000-4000-8000-00000000f00d', from: 'ACTIVE', to: 'OFFBOARDED', reason: 'left', changedAt: new Date().toISOString() });
    const paid = await app.service.graphql<{ payFinalPayouts: number }>('mutation { payFinalPayouts }', {}, as.finance);
    expect(paid.data!.payFinalPayouts).toBe(1);
    expect(await position(app, a)).toEqual({ pending: 100, available: 0, paidOut: 1500, clawback: 0 });
    expect((await app.service.graphql<{ payFinalPayouts: number }>('mutation { payFinalPayouts }', {}, as.finance)).data!.payFinalPayouts).toBe(0);
  });

  it('lets only finance and admins create, approve and execute runs, and names bad input', async () => {
    const ambassador = as.ambassador('00000000-0000-4000-8000-000000000001');
    for (const caller of [ambassador, as.ops, { role: 'SUPPORT_AGENT' as never }]) {
      expect((await app.service.graphql(CREATE, { input }, caller)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await app.service.graphql(CREATE, { input })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const byAdmin = await app.service.graphql<{ createPayoutRun: { id: string } }>(CREATE, { input }, as.admin);
    expect(byAdmin.errors).toBeUndefined();
    const id = byAdmin.data!.createPayoutRun.id;
    for (const mutation of [APPROVE, EXECUTE]) {
      expect((await app.service.graphql(mutation, { id }, ambassador)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await app.service.graphql(mutation, { id })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await app.service.graphql(RUN, { id }, ambassador)).errors?.[0].extensions.code).toBe('FORBIDDEN');

    const bad = async (over: Record<string, unknown>) => (await app.service.graphql(CREATE, { input: { ...input, ...over } }, as.finance)).errors?.[0];
    expect(await bad({ currency: 'XXX' })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('currency') });
    expect(await bad({ minimumMinor: -5 })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('minimumMinor') });
    expect(await bad({ cutoffAt: new Date(Date.now() + 86_400_000 * 3).toISOString() })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('cutoffAt') });
    expect((await app.service.graphql(APPROVE, { id: 'not-a-run' }, as.finance)).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('payoutRunId') });
    expect((await app.service.graphql(APPROVE, { id: '00000000-0000-4000-8000-000000000999' }, as.finance)).errors?.[0].extensions.code).toBe('NOT_FOUND');
    const { rows } = await app.db.query(`SELECT count(*)::int AS n FROM payout_runs WHERE currency = 'XXX' OR minimum_minor < 0`);
    expect(rows[0].n).toBe(0);
  });
});
