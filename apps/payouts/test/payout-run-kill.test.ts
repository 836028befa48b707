import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { testDatabaseUrl, seededRandom, waitFor } from '@streetteam/testing';
import { CommissionService } from '../src/commissions/commission.service';
import { activateAmbassador, as, commission, earn, integrity, onboard, PayoutsTestApp, position, startPayoutsTestApp } from './support/payouts-test-app';
import { createStripeClient } from '@streetteam/stripe';
import { PayoutRunService } from '../src/payout-runs/payout-run.service';


const AMBASSADORS = 40;
const KILLS = 12;

describe('a payout run killed at random moments', () => {
  let app: PayoutsTestApp;
  const later = () => new Date(Date.now() + 60 * 86_400_000);

  beforeAll(async () => {
    app = await startPayoutsTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  function child(runId: string): { process: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> } {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'support', 'execute-run-child.ts'), runId], {
      cwd: path.join(__dirname, '..', '..', '..'),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_SCHEMA: app.service.config.databaseSchema,
        STRIPE_API_URL: app.emulator.url,
        STRIPE_SECRET_KEY: app.payoutsConfig.stripe.secretKey,
        STRIPE_WEBHOOK_SECRET: app.payoutsConfig.stripe.webhookSecret,
        PAYOUTS_TRANSFER_CONCURRENCY: '2',
        PAYOUTS_STRIPE_REQUESTS_PER_SECOND: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, output })),
    );
    return { process: child, exited };
  }

  it('resumes after every SIGKILL (also past the 24 h idempotency window) and pays every eligible ambassador exactly once', async () => {
    const ambassadors: string[] = [];
    const owed = new Map<string, number>();
    for (let i = 0; i < AMBASSADORS; i++) {
      const a = await activateAmbassador(app, 'DE');
      await onboard(app, a);
      const amount = 1000 + i * 37;
      await earn(app, commission(a, amount));
      ambassadors.push(a);
      owed.set(a, amount);
    }
    // One more who is not eligible (no account): never paid.
    const notReady = await activateAmbassador(app, 'DE');
    await earn(app, commission(notReady, 5000));
    await app.service.app.get(CommissionService).releaseDue(later());

    const runId = (
      await app.service.graphql<{ createPayoutRun: { id: string } }>(`mutation { createPayoutRun(input: { currency: "USD", minimumMinor: 500, cutoffAt: "${new Date().toISOString()}" }) { id } }`, {}, { ...as.finance, ambassadorId: 'x' })
    ).data!.createPayoutRun.id;
    const approved = await app.service.graphql(`mutation ($id: ID!) { approvePayoutRun(payoutRunId: $id) { id } }`, { id: runId }, as.finance);
    expect(approved.errors).toBeUndefined();

    // No webhooks from here on: they would book a transfer a killed process made before the
    // restart could; without them, only the lookup by transfer group stands between a
    // restart past the idempotency window and a second transfer.
    app.emulator.setWebhookUrls([]);
    // Slow Stripe down so kills land mid-run, not only during start-up.
    app.emulator.faults.delay(600);
    const random = seededRandom(20261201);
    let kills = 0;
    let forgotten = 0;
    let outputs = '';
    while (kills < KILLS) {
      const { process: running, exited } = child(runId);
      const killAfterMs = 700 + Math.floor(random() * 2000);
      const timer = setTimeout(() => running.kill('SIGKILL'), killAfterMs);
      const outcome = await exited;
      clearTimeout(timer);
      outputs += outcome.output;
      if (outcome.signal === 'SIGKILL') {
        kills++;
        // Every third kill: as if more than 24 hours passed before the restart.
        if (kills % 3 === 0) {
          app.emulator.forgetIdempotencyKeys();
          forgotten++;
        }
        continue;
      }
      // It finished before the kill: the run is done; the remaining kills can't land mid-run.
      expect(outcome.code).toBe(0);
      break;
    }
    app.emulator.faults.clear();
    const last = await child(runId).exited;
    expect(last.output).toContain('"pending":0');
    expect(last.code).toBe(0);

    expect(kills).toBeGreaterThanOrEqual(10);
    expect(forgotten).toBeGreaterThanOrEqual(3);
    expect(`${outputs}${last.output}`).not.toMatch(/Error|unbalanced/);
    const { rows: [run] } = await app.db.query('SELECT status FROM payout_runs WHERE id = $1', [runId]);
    expect(run.status).toBe('COMPLETED');

    // Stripe has exactly one transfer per eligible ambassador, of what was owed.
    const transfers = app.emulator.transfers().filter((t) => t.metadata?.payout_run_id === runId);
    const byAmbassador = new Map<string, number[]>();
    for (const t of transfers) byAmbassador.set(t.metadata!.ambassador_id, [...(byAmbassador.get(t.metadata!.ambassador_id) ?? []), t.amount]);
    expect(byAmbassador.size).toBe(AMBASSADORS);
    for (const a of ambassadors) expect(byAmbassador.get(a)).toEqual([owed.get(a)]);
    expect(byAmbassador.has(notReady)).toBe(false);

    // The ledger equals the emulator's transfers.
    const { rows: payouts } = await app.db.query(`SELECT ambassador_id, amount_minor::int AS amount, stripe_transfer_id, status FROM payouts WHERE payout_run_id = $1`, [runId]);
    expect(payouts).toHaveLength(AMBASSADORS);
    expect(payouts.every((p: { status: string }) => p.status === 'PAID')).toBe(true);
    expect(new Set(payouts.map((p: { stripe_transfer_id: string }) => p.stripe_transfer_id))).toEqual(new Set(transfers.map((t) => t.id)));
    for (const a of ambassadors) expect(await position(app, a)).toEqual({ pending: 0, available: 0, paidOut: owed.get(a), clawback: 0 });
    expect(await position(app, notReady)).toMatchObject({ available: 5000, paidOut: 0 });
    await waitFor(async () => (await integrity(app)).balanceMismatches === 0, { description: 'ledger sound' });
    expect(await integrity(app)).toEqual({ balanceMismatches: 0, unbalancedTransactions: 0, unbalancedCurrencies: [] });
  }, 600_000);

  it('books a transfer a dead process made, found by transfer group after Stripe forgot the idempotency key, instead of sending it again', async () => {
    app.emulator.setWebhookUrls([app.webhookUrl]);
    const a = await activateAmbassador(app, 'DE');
    const account = await onboard(app, a);
    await earn(app, commission(a, 3333));
    await app.service.app.get(CommissionService).releaseDue(later());
    app.emulator.setWebhookUrls([]); // as if the webhook were lost too
    const runId = (
      await app.service.graphql<{ createPayoutRun: { id: string } }>(`mutation { createPayoutRun(input: { currency: "USD", minimumMinor: 1, cutoffAt: "${new Date().toISOString()}" }) { id } }`, {}, { ...as.finance, ambassadorId: 'y' })
    ).data!.createPayoutRun.id;
    await app.service.graphql(`mutation ($id: ID!) { approvePayoutRun(payoutRunId: $id) { id } }`, { id: runId }, as.finance);
    // A process reserved the payout, marked it SENDING, got the transfer made at Stripe, and died.
    const runs = app.service.app.get(PayoutRunService);
    runs.stopping = true; // reserve only: stop before sending
    await runs.execute(runId);
    runs.stopping = false;
    const { rows: [payout] } = await app.db.query(`UPDATE payouts SET status = 'SENDING' WHERE payout_run_id = $1 RETURNING id, attempt, amount_minor::int AS amount`, [runId]);
    const made = await createStripeClient(app.payoutsConfig.stripe).transfers.create(
      { amount: payout.amount, currency: 'usd', destination: account, transfer_group: payout.id, metadata: { payout_id: payout.id, payout_run_id: runId, ambassador_id: a, attempt: String(payout.attempt) } },
      { idempotencyKey: `payout-${payout.id}-attempt-${payout.attempt}` },
    );
    app.emulator.forgetIdempotencyKeys(); // more than 24 hours pass
    const progress = await runs.execute(runId);
    expect(progress).toMatchObject({ paid: 1, failed: 0 });
    expect(app.emulator.transfers().filter((t) => t.transfer_group === payout.id).map((t) => t.id)).toEqual([made.id]);
    const { rows: [booked] } = await app.db.query('SELECT status, stripe_transfer_id FROM payouts WHERE id = $1', [payout.id]);
    expect(booked).toEqual({ status: 'PAID', stripe_transfer_id: made.id });
    expect(await position(app, a)).toEqual({ pending: 0, available: 0, paidOut: 3333, clawback: 0 });
  });
});
