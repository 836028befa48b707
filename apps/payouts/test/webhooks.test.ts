import request from 'supertest';
import { createStripeClient, Stripe } from '@streetteam/stripe';
import { signatureHeader } from '@streetteam/stripe-emulator';
import { waitFor } from '@streetteam/testing';
import { CommissionService } from '../src/commissions/commission.service';
import { activateAmbassador, as, commission, earn, integrity, onboard, PayoutsTestApp, position, startPayoutsTestApp } from './support/payouts-test-app';

describe('Stripe webhooks', () => {
  let app: PayoutsTestApp;
  let stripe: Stripe;
  const later = () => new Date(Date.now() + 60 * 86_400_000);

  const post = (event: object, signature?: string) => {
    const body = JSON.stringify(event);
    const call = request(app.service.app.getHttpServer()).post('/webhooks/stripe').set('content-type', 'application/json');
    return call.set('stripe-signature', signature ?? signatureHeader(body, app.emulator.webhookSecret)).send(body);
  };

  /** Pays one ambassador through a run; returns the Stripe transfer. */
  async function paidAmbassador(amount: number): Promise<{ ambassadorId: string; account: string; transfer: Stripe.Transfer }> {
    const ambassadorId = await activateAmbassador(app, 'DE');
    const account = await onboard(app, ambassadorId);
    await earn(app, commission(ambassadorId, amount));
    await app.service.app.get(CommissionService).releaseDue(later());
    const id = (await app.service.graphql<{ createPayoutRun: { id: string } }>(`mutation { createPayoutRun(input: { currency: "USD", minimumMinor: 1, cutoffAt: "${new Date().toISOString()}" }) { id } }`, {}, { ...as.finance, ambassadorId: 'c' })).data!.createPayoutRun.id;
    await app.service.graphql(`mutation ($id: ID!) { approvePayoutRun(payoutRunId: $id) { id } }`, { id }, as.finance);
    await app.service.graphql(`mutation ($id: ID!) { executePayoutRun(payoutRunId: $id) { id } }`, { id }, as.finance);
    await waitFor(async () => (await app.db.query('SELECT status FROM payout_runs WHERE id = $1', [id])).rows[0].status === 'COMPLETED', { description: 'run completed', timeoutMs: 30_000 });
    const transfer = app.emulator.transfers().find((t) => t.metadata?.ambassador_id === ambassadorId)!;
    return { ambassadorId, account, transfer };
  }

  beforeAll(async () => {
    app = await startPayoutsTestApp();
    stripe = createStripeClient(app.payoutsConfig.stripe);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 400 naming the header to a bad, missing or too old signature, and records nothing', async () => {
    const event = { id: 'evt_forged', object: 'event', type: 'account.updated', created: Math.floor(Date.now() / 1000), data: { object: { id: 'acct_x' } }, livemode: false };
    const forged = await post(event, signatureHeader(JSON.stringify(event), 'whsec_not_the_secret'));
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error: 'stripe-signature', message: expect.stringContaining('stripe-signature') });
    const missing = await request(app.service.app.getHttpServer()).post('/webhooks/stripe').set('content-type', 'application/json').send(JSON.stringify(event));
    expect(missing.status).toBe(400);
    const old = await post(event, signatureHeader(JSON.stringify(event), app.emulator.webhookSecret, Math.floor(Date.now() / 1000) - 3600));
    expect(old.status).toBe(400);
    expect((await app.db.query(`SELECT count(*)::int AS n FROM stripe_events WHERE id = 'evt_forged'`)).rows[0].n).toBe(0);
  });

  it('puts a reversed transfer back into available once, however often and in whatever order the events come', async () => {
    const { ambassadorId, transfer } = await paidAmbassador(4000);
    expect(await position(app, ambassadorId)).toEqual({ pending: 0, available: 0, paidOut: 4000, clawback: 0 });
    await stripe.transfers.createReversal(transfer.id, { amount: 1500 }, { idempotencyKey: `test-reversal-${transfer.id}` });
    await waitFor(async () => (await position(app, ambassadorId)).available === 1500, { description: 'transfer.reversed booked', timeoutMs: 15_000 });
    await app.emulator.webhooksIdle();

    // Replay everything Stripe sent about this transfer, twice, newest first: nothing changes.
    const events = app.emulator.events().filter((e) => (e.data.object as { id?: string }).id === transfer.id);
    expect(events.map((e) => e.type).sort()).toEqual(['transfer.created', 'transfer.reversed']);
    for (const event of [...events].reverse().concat(events)) {
      const answer = await post(event);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ received: true, outcome: 'duplicate' });
    }
    // The same reversal under a new event id (Stripe may send transfer.updated too): still once.
    const again = { ...events.find((e) => e.type === 'transfer.reversed')!, id: 'evt_same_reversal_new_id' };
    expect((await post(again)).body).toEqual({ received: true, outcome: 'handled' });
    expect(await position(app, ambassadorId)).toEqual({ pending: 0, available: 1500, paidOut: 2500, clawback: 0 });

    // A full reversal makes the commissions payable again: the next run pays the 4000 once more.
    await stripe.transfers.createReversal(transfer.id, { amount: 2500 }, { idempotencyKey: `test-reversal-2-${transfer.id}` });
    await waitFor(async () => (await position(app, ambassadorId)).available === 4000, { description: 'second reversal booked', timeoutMs: 15_000 });
    const { rows } = await app.db.query(`SELECT stage, payout_id FROM commissions WHERE ambassador_id = $1`, [ambassadorId]);
    expect(rows).toEqual([{ stage: 'AVAILABLE', payout_id: null }]);
    expect(await integrity(app)).toEqual({ balanceMismatches: 0, unbalancedTransactions: 0, unbalancedCurrencies: [] });
  });

  it('keeps the newest account state when account.updated events arrive out of order or twice', async () => {
    const ambassadorId = await activateAmbassador(app, 'DE');
    const account = await onboard(app, ambassadorId);
    app.emulator.restrictAccount(account, 'rejected.other');
    await waitFor(async () => (await app.db.query('SELECT state FROM payout_accounts WHERE ambassador_id = $1', [ambassadorId])).rows[0].state === 'RESTRICTED', {
      description: 'restricted',
    });
    await app.emulator.webhooksIdle();
    const updates = app.emulator.events().filter((e) => e.type === 'account.updated' && (e.data.object as { id: string }).id === account);
    const enabled = updates.find((e) => (e.data.object as Stripe.Account).payouts_enabled)!;
    // The older "enabled" state, under a new event id, must not undo the newer restriction.
    const stale = { ...enabled, id: 'evt_stale_enabled', created: enabled.created - 10 };
    expect((await post(stale)).body.outcome).toBe('handled');
    for (const event of updates) expect((await post(event)).body.outcome).toBe('duplicate');
    const state = await app.service.graphql<{ payoutAmbassador: { payoutAccount: { state: string; disabledReason: string } } }>(
      `query ($id: ID!) { payoutAmbassador(id: $id) { payoutAccount { state disabledReason } } }`,
      { id: ambassadorId },
      as.ambassador(ambassadorId),
    );
    expect(state.data!.payoutAmbassador.payoutAccount).toEqual({ state: 'RESTRICTED', disabledReason: 'rejected.other' });
  });

  it('records payout.paid and payout.failed of the connected account, newest first wins', async () => {
    const { account } = await paidAmbassador(2000);
    app.emulator.payoutFailed(account, 'account_closed');
    await waitFor(async () => (await app.db.query(`SELECT status, failure_code FROM bank_payouts WHERE stripe_account_id = $1`, [account])).rows[0]?.failure_code === 'account_closed', {
      description: 'payout.failed recorded',
      timeoutMs: 15_000,
    });
    await app.emulator.webhooksIdle();
    const failed = app.emulator.events().find((e) => e.type === 'payout.failed' && e.account === account)!;
    expect((await post(failed)).body.outcome).toBe('duplicate');
    expect((await post({ ...failed, id: 'evt_failed_again' })).body.outcome).toBe('handled');
    const { rows } = await app.db.query(`SELECT status, failure_code FROM bank_payouts WHERE stripe_account_id = $1`, [account]);
    expect(rows).toEqual([{ status: 'failed', failure_code: 'account_closed' }]);
    const ambassadorId = (await app.db.query('SELECT ambassador_id FROM payout_accounts WHERE stripe_account_id = $1', [account])).rows[0].ambassador_id;
    const seen = await app.service.graphql<{ payoutAmbassador: { payoutAccount: { lastBankPayout: { status: string; failureCode: string; amountMinor: number } } } }>(
      `query ($id: ID!) { payoutAmbassador(id: $id) { payoutAccount { lastBankPayout { status failureCode amountMinor } } } }`,
      { id: ambassadorId },
      as.ambassador(ambassadorId),
    );
    expect(seen.data!.payoutAmbassador.payoutAccount.lastBankPayout).toMatchObject({ status: 'failed', failureCode: 'account_closed', amountMinor: 2000 });
  });
});
