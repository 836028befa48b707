import { AmbassadorStatusChanged } from '@streetteam/contracts';
import { waitFor } from '@streetteam/testing';
import { activateAmbassador, commission, earn, onboard, PayoutsTestApp, position, publish, PROGRAM_ID, startPayoutsTestApp } from './support/payouts-test-app';

// The hold release and final payout jobs on their own timers (periodicJobProvider, every
// PAYOUTS_JOB_INTERVAL_MS): nobody calls releaseDue() or payDue() here.
describe('payouts periodic jobs', () => {
  let app: PayoutsTestApp;

  beforeAll(async () => {
    app = await startPayoutsTestApp({ payouts: { jobIntervalMs: 100 } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('release a commission whose hold passed, then pay an offboarded ambassador their final payout, once', async () => {
    const a = await activateAmbassador(app, 'DE');
    await onboard(app, a);
    const earned = await earn(app, commission(a, 1200));
    await waitFor(async () => (await app.db.query('SELECT stage FROM commissions WHERE id = $1', [earned.commissionId])).rows[0]?.stage === 'AVAILABLE', {
      description: 'hold released by the job',
      timeoutMs: 15_000,
    });
    expect(await position(app, a)).toEqual({ pending: 0, available: 1200, paidOut: 0, clawback: 0 });

    await publish(app, 'payouts.ambassadors', AmbassadorStatusChanged, { ambassadorId: a, programId: PROGRAM_ID, from: 'ACTIVE', to: 'OFFBOARDED', reason: 'left', changedAt: new Date().toISOString() });
    await waitFor(async () => (await app.db.query(`SELECT count(*)::int AS n FROM payouts WHERE ambassador_id = $1 AND status = 'PAID'`, [a])).rows[0].n === 1, {
      description: 'final payout paid by the job',
      timeoutMs: 20_000,
    });
    // Further rounds change nothing: one payout, one transfer.
    await waitFor(async () => (await app.db.query('SELECT final_payout_due_at FROM ambassadors WHERE id = $1', [a])).rows[0].final_payout_due_at === null, { description: 'final payout no longer due', timeoutMs: 10_000 });
    expect(await position(app, a)).toEqual({ pending: 0, available: 0, paidOut: 1200, clawback: 0 });
    expect(app.emulator.transfers().filter((t) => t.metadata?.ambassador_id === a).map((t) => t.amount)).toEqual([1200]);
  });
});
