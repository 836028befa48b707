import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createStripeClient } from '@streetteam/stripe';
import { seededRandom, waitFor } from '@streetteam/testing';
import { CommissionService } from '../src/commissions/commission.service';
import { LedgerService } from '../src/ledger/ledger.service';
import { PayoutRunService } from '../src/payout-runs/payout-run.service';
import { activateAmbassador, commission, integrity, onboard, PayoutsTestApp, position, reversal, startPayoutsTestApp } from './support/payouts-test-app';


describe('ledger invariants on Postgres', () => {
  let app: PayoutsTestApp;

  beforeAll(async () => {
    app = await startPayoutsTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('hold after every operation of a random sequence of earn, reverse, release, pay and transfer reversal', async () => {
    const random = seededRandom(5);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    const dataSource = app.service.app.get(DataSource);
    const commissions = app.service.app.get(CommissionService);
    const runs = app.service.app.get(PayoutRunService);
    const ledger = app.service.app.get(LedgerService);
    const stripe = createStripeClient(app.payoutsConfig.stripe);
    const ambassadors: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await activateAmbassador(app, 'DE');
      await onboard(app, a);
      ambassadors.push(a);
    }
    const earned: Array<ReturnType<typeof commission>> = [];
    const net = new Map<string, number>(ambassadors.map((a) => [a, 0]));
    let clock = Date.now() + 60 * 86_400_000;
    const ops: string[] = [];

    for (let step = 0; step < 80; step++) {
      const roll = random();
      if (roll < 0.35 || earned.length === 0) {
        const c = commission(pick(ambassadors), 100 + Math.floor(random() * 5000));
        await dataSource.transaction((manager) => commissions.earned(manager, [c]));
        earned.push(c);
        net.set(c.ambassadorId, net.get(c.ambassadorId)! + c.amountMinor);
        ops.push('earn');
      } else if (roll < 0.55) {
        const c = pick(earned);
        const r = reversal(c, 1 + Math.floor(random() * c.amountMinor));
        await dataSource.transaction((manager) => commissions.reversed(manager, r));
        const { rows } = await app.db.query('SELECT applied_minor::int AS applied FROM commission_reversals WHERE reversal_id = $1', [r.reversalId]);
        net.set(c.ambassadorId, net.get(c.ambassadorId)! - rows[0].applied);
        ops.push('reverse');
      } else if (roll < 0.7) {
        clock += 86_400_000;
        await commissions.releaseDue(new Date(clock));
        ops.push('release');
      } else if (roll < 0.88) {
        const run = await runs.create({ currency: 'USD', minimumMinor: 1, cutoffAt: new Date() }, 'finance-a');
        await runs.approve(run.id, 'finance-b');
        await runs.execute(run.id);
        ops.push('pay');
      } else {
        const { rows } = await app.db.query(`SELECT stripe_transfer_id, amount_minor - reversed_minor AS left FROM payouts WHERE status = 'PAID' AND amount_minor > reversed_minor`);
        if (rows.length === 0) continue;
        const p = pick(rows as Array<{ stripe_transfer_id: string; left: string }>);
        const amount = 1 + Math.floor(random() * Number(p.left));
        const before = (await app.db.query('SELECT count(*)::int AS n FROM transfer_reversals')).rows[0].n;
        await stripe.transfers.createReversal(p.stripe_transfer_id, { amount }, { idempotencyKey: `inv-${randomUUID()}` });
        await waitFor(async () => (await app.db.query('SELECT count(*)::int AS n FROM transfer_reversals')).rows[0].n > before, { description: 'transfer.reversed booked', timeoutMs: 15_000 });
        ops.push('reverse transfer');
      }

      // Invariants after every operation.
      expect({ step, op: ops[ops.length - 1], ...(await ledger.integrity()), transactions: 0, entries: 0 }).toEqual({
        step,
        op: ops[ops.length - 1],
        balanceMismatches: 0,
        unbalancedTransactions: 0,
        unbalancedCurrencies: [],
        transactions: 0,
        entries: 0,
      });
      const { rows: clearing } = await app.db.query(
        `SELECT coalesce(sum(b.balance_minor), 0)::int AS c FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id WHERE a.kind = 'STRIPE_CLEARING'`,
      );
      expect(clearing[0].c).toBe(0); // nothing left in flight once a run is over
      for (const a of ambassadors) {
        const p = await position(app, a);
        expect({ step, a, total: p.pending + p.available + p.paidOut - p.clawback }).toEqual({ step, a, total: net.get(a) });
        expect(p.clawback).toBeGreaterThanOrEqual(0);
      }
      // Paid out equals what Stripe holds for us: transfers minus their reversals.
      const transfers = app.emulator.transfers();
      const atStripe = transfers.reduce((sum, t) => sum + t.amount - t.amount_reversed, 0);
      const paidOut = (await Promise.all(ambassadors.map((a) => position(app, a)))).reduce((sum, p) => sum + p.paidOut, 0);
      expect({ step, paidOut }).toEqual({ step, paidOut: atStripe });
    }
    expect(new Set(ops)).toEqual(new Set(['earn', 'reverse', 'release', 'pay', 'reverse transfer']));
    expect(await integrity(app)).toEqual({ balanceMismatches: 0, unbalancedTransactions: 0, unbalancedCurrencies: [] });
  });
});
