/**
 * npm run bench:payouts [-- --ambassadors 10000 --payouts 1000000 --postings 100000 --writers 4 --batch 200]
 *
 * Three figures, on a Postgres and Kafka of its own (.local/bench/payouts) and Stripe
 * emulators on 127.0.0.1:
 *   1. ledger postings per second (CommissionEarned, each its own balanced ledger
 *      transaction) with several writers at once;
 *   2. a payout run paying N ambassadors against an emulator limited to Stripe's live
 *      rate (100 requests/s): requests/s as a share of the limit, and duplicates (must be 0);
 *   3. reconciliation of 1,000,000 ledger payouts against 1,000,000 balance transactions.
 * Bounded: it stops by itself. Prints figures; asserts only correctness (no duplicates,
 * zero difference), never speed.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { CommissionEarnedPayload } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { ensureSchema, migrateWithLock, serviceDataSourceOptions } from '@streetteam/persistence';
import { createStripeClient, DEV_STRIPE_SECRET_KEY, withStripeRetry } from '@streetteam/stripe';
import { startStripeEmulator } from '@streetteam/stripe-emulator';
import { CommissionService } from '../../../apps/payouts/src/commissions/commission.service';
import { LedgerService } from '../../../apps/payouts/src/ledger/ledger.service';
import { migrations } from '../../../apps/payouts/src/migrations';
import { PayoutsConfig } from '../../../apps/payouts/src/payouts-config';
import { PayoutRunService } from '../../../apps/payouts/src/payout-runs/payout-run.service';
import { PayoutSender } from '../../../apps/payouts/src/payout-runs/payout-sender';
import { ReconciliationService, StripeLine } from '../../../apps/payouts/src/reconciliation/reconciliation.service';
import { RequestPacer } from '../../../apps/payouts/src/payout-runs/request-pacer';
import { startBenchInfra } from '../support/bench-infra';
import { formatRate } from '../support/stats';

const args = new Map(process.argv.slice(2).map((arg, i, all) => [arg, all[i + 1]]));
const ambassadorCount = Number(args.get('--ambassadors') ?? 10_000);
const payoutCount = Number(args.get('--payouts') ?? 1_000_000);
const postingCount = Number(args.get('--postings') ?? 100_000);
const writers = Number(args.get('--writers') ?? 4);
const batch = Number(args.get('--batch') ?? 200);
const RATE_LIMIT = 100;
const PROGRAM = '00000000-0000-4000-8000-00000000b0b0';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

function earned(ambassadorId: string, amountMinor: number, earnedAt: Date): CommissionEarnedPayload {
  return {
    commissionId: randomUUID(),
    ambassadorId,
    programId: PROGRAM,
    campaignId: PROGRAM,
    source: 'ORDER',
    orderId: `bench-${randomUUID()}`,
    amountMinor,
    currency: 'USD',
    saleAmountMinor: amountMinor * 10,
    points: 1,
    earnedAt: earnedAt.toISOString(),
    holdUntil: earnedAt.toISOString(),
  };
}

async function openDatabase(url: string, schema: string): Promise<DataSource> {
  await ensureSchema(url, schema);
  const dataSource = await new DataSource(serviceDataSourceOptions({ url, schema, entities: [], migrations, poolSize: 30, applicationName: 'bench-payouts' })).initialize();
  await migrateWithLock(dataSource, schema);
  return dataSource;
}

async function postings(dataSource: DataSource): Promise<void> {
  const commissions = new CommissionService(dataSource, new LedgerService(dataSource), new Outbox('payouts'));
  const ambassadors = Array.from({ length: 500 }, () => randomUUID());
  const perWriter = Math.ceil(postingCount / writers / batch);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = 0; i < perWriter; i++) {
        const payloads = Array.from({ length: batch }, (_, k) => earned(ambassadors[(i * batch + k) % ambassadors.length], 100 + k, new Date()));
        await dataSource.transaction((manager) => commissions.earned(manager, payloads));
      }
    }),
  );
  const elapsed = performance.now() - started;
  const total = perWriter * batch * writers;
  // One posting per transaction as well: the cost of a lone event.
  const lone = 2000;
  const loneStarted = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = 0; i < lone / writers; i++) await dataSource.transaction((manager) => commissions.earned(manager, [earned(ambassadors[i % 500], 100, new Date())]));
    }),
  );
  const loneElapsed = performance.now() - loneStarted;
  const [integrity] = await dataSource.query(`SELECT count(*)::int AS n FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount_minor) <> 0) u`);
  log(`ledger postings: ${total.toLocaleString('en-US')} CommissionEarned (each a balanced transaction, ${batch} per database transaction, ${writers} writers) in ${seconds(elapsed)}: ${formatRate((total / elapsed) * 1000)} (target ≥ 5,000/s)`);
  log(`                 one per database transaction (${writers} writers): ${formatRate((lone / loneElapsed) * 1000)}; unbalanced transactions: ${integrity.n}`);
}

async function payoutRun(dataSource: DataSource): Promise<void> {
  const emulator = await startStripeEmulator({ rateLimitPerSecond: RATE_LIMIT, log: () => undefined });
  try {
    const stripe = createStripeClient({ secretKey: DEV_STRIPE_SECRET_KEY, apiUrl: emulator.url, webhookSecret: emulator.webhookSecret, webhookToleranceSeconds: 300 });
    const config: PayoutsConfig = {
      stripe: { secretKey: DEV_STRIPE_SECRET_KEY, apiUrl: emulator.url, webhookSecret: emulator.webhookSecret, webhookToleranceSeconds: 300 },
      jobIntervalMs: 0,
      transferConcurrency: 32,
      stripeRequestsPerSecond: 98,
      portalUrl: 'http://127.0.0.1/portal',
    };
    // Set-up: N Express accounts, onboarded (the emulator has no bulk path for accounts, so they go through the API at the same limit).
    const setupStarted = performance.now();
    const pacer = new RequestPacer(98);
    const ambassadors = Array.from({ length: ambassadorCount }, () => randomUUID());
    const accounts: string[] = new Array(ambassadorCount);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < ambassadorCount) {
          const i = next++;
          const account = await withStripeRetry(async () => {
            await pacer.take();
            return stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } } }, { idempotencyKey: `bench-account-${ambassadors[i]}` });
          }, { attempts: 20 });
          emulator.completeOnboarding(account.id);
          accounts[i] = account.id;
        }
      }),
    );
    await dataSource.query(
      `INSERT INTO ambassadors (id, program_id, country, status, status_changed_at, activated_at) SELECT id, $2, 'DE', 'ACTIVE', now(), now() FROM unnest($1::uuid[]) AS a(id)`,
      [ambassadors, PROGRAM],
    );
    await dataSource.query(
      `INSERT INTO payout_accounts (ambassador_id, stripe_account_id, state, payouts_enabled, details_submitted) SELECT * , 'PAYOUTS_ENABLED', true, true FROM unnest($1::uuid[], $2::text[])`,
      [ambassadors, accounts],
    );
    const ledger = new LedgerService(dataSource);
    const commissions = new CommissionService(dataSource, ledger, new Outbox('payouts'));
    const earnedAt = new Date(Date.now() - 86_400_000);
    for (let i = 0; i < ambassadorCount; i += 500) {
      await dataSource.transaction((manager) => commissions.earned(manager, ambassadors.slice(i, i + 500).map((a, k) => earned(a, 1000 + ((i + k) % 5000), earnedAt))));
    }
    await commissions.releaseDue(new Date());
    log(`payout run set-up: ${ambassadorCount.toLocaleString('en-US')} onboarded accounts and released commissions in ${seconds(performance.now() - setupStarted)}`);

    const sender = new PayoutSender(dataSource, stripe, ledger, new Outbox('payouts'), config);
    const runs = new PayoutRunService(dataSource, ledger, sender, config);
    const run = await runs.create({ currency: 'USD', minimumMinor: 100, cutoffAt: new Date() }, 'bench-finance-a');
    await runs.approve(run.id, 'bench-finance-b');
    const before = emulator.stats();
    const started = performance.now();
    let sendingFrom = 0;
    let requestsAtSending = before.requests;
    let rateLimitedAtSending = before.rateLimited;
    const watcher = setInterval(() => {
      void dataSource.query('SELECT status FROM payout_runs WHERE id = $1', [run.id]).then(([row]) => {
        if (!sendingFrom && row?.status === 'EXECUTING') {
          sendingFrom = performance.now();
          requestsAtSending = emulator.stats().requests;
          rateLimitedAtSending = emulator.stats().rateLimited;
        }
      });
    }, 20);
    const progress = await runs.execute(run.id);
    clearInterval(watcher);
    const ended = performance.now();
    const after = emulator.stats();
    const sendingMs = ended - (sendingFrom || started);
    const accepted = after.requests - requestsAtSending - (after.rateLimited - rateLimitedAtSending);
    const perSecond = (accepted / sendingMs) * 1000;
    const transfers = emulator.transfers().filter((t) => t.metadata?.payout_run_id === run.id);
    const groups = new Map<string, number>();
    for (const t of transfers) groups.set(t.transfer_group ?? '', (groups.get(t.transfer_group ?? '') ?? 0) + 1);
    const duplicates = [...groups.values()].reduce((sum, n) => sum + n - 1, 0);
    log(`payout run: ${progress.paid.toLocaleString('en-US')} of ${ambassadorCount.toLocaleString('en-US')} paid, ${progress.failed} failed, in ${seconds(ended - started)} (reserving in the ledger ${seconds((sendingFrom || started) - started)}, sending ${seconds(sendingMs)})`);
    log(`            Stripe requests accepted: ${formatRate(perSecond)} = ${((perSecond / RATE_LIMIT) * 100).toFixed(1)}% of the ${RATE_LIMIT}/s limit (target ≥ 90%); 429s: ${after.rateLimited - before.rateLimited}; duplicates: ${duplicates} (must be 0)`);
    if (duplicates !== 0 || transfers.length !== progress.paid) throw new Error(`duplicates ${duplicates}, transfers ${transfers.length}, paid ${progress.paid}`);
  } finally {
    await emulator.stop();
  }
}

async function reconciliation(dataSource: DataSource): Promise<void> {
  const emulator = await startStripeEmulator({ log: () => undefined });
  try {
    const stripe = createStripeClient({ secretKey: DEV_STRIPE_SECRET_KEY, apiUrl: emulator.url, webhookSecret: emulator.webhookSecret, webhookToleranceSeconds: 300 });
    const service = new ReconciliationService(dataSource, stripe);
    // Stripe's seeded history is dated now; the ledger's million payouts were paid in January
    // (apart from the payout run above), so each side is read for its own period.
    const from = new Date(Date.now() - 3_600_000);
    const to = new Date(Date.now() + 3_600_000);
    const january = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') };

    // The ledger side in bulk: a million paid payouts (one INSERT … SELECT).
    const seedStarted = performance.now();
    await dataSource.query(
      `INSERT INTO payouts (id, payout_run_id, kind, ambassador_id, currency, available_minor, netted_minor, amount_minor, status, stripe_transfer_id, paid_at)
       SELECT gen_random_uuid(), NULL, 'RUN', gen_random_uuid(), 'USD', 1000 + n % 9000, 0, 1000 + n % 9000, 'PAID', 'tr_bench_' || n, timestamptz '2026-01-15T12:00:00Z' + n * interval '1 second'
         FROM generate_series(1, $1) AS n`,
      [payoutCount],
    );
    // One payout in a hundred partly reversed at Stripe (booked from transfer.reversed an hour later).
    await dataSource.query(
      `INSERT INTO transfer_reversals (id, payout_id, stripe_transfer_id, amount_minor, currency, recorded_at)
       SELECT 'trr_bench_' || substr(stripe_transfer_id, 10), id, stripe_transfer_id, 100, 'USD', paid_at + interval '1 hour'
         FROM payouts WHERE stripe_transfer_id LIKE 'tr_bench_%' AND substr(stripe_transfer_id, 10)::int % 100 = 0`,
    );
    // Stripe's side in bulk: the emulator's seeding path (it seeds adjustments, not transfers of ours).
    emulator.seedBalanceTransactions(payoutCount, { type: 'adjustment', amount: 1, currency: 'usd' });
    log(`reconciliation set-up: ${payoutCount.toLocaleString('en-US')} ledger payouts and ${payoutCount.toLocaleString('en-US')} emulator balance transactions seeded in ${seconds(performance.now() - seedStarted)}`);

    // 1. Read all of Stripe's balance transactions of the period, paged through the SDK, and load them.
    const fetchReport = randomUUID();
    await dataSource.query(`INSERT INTO reconciliation_reports (id, period_from, period_to, status, created_by) VALUES ($1, $2, $3, 'RUNNING', 'bench')`, [fetchReport, from, to]);
    const fetchStarted = performance.now();
    const fetched = await service.loadStripe(fetchReport, service.stripeLines(from, to));
    const fetchMs = performance.now() - fetchStarted;
    await dataSource.query('DELETE FROM reconciliation_stripe_lines WHERE report_id = $1', [fetchReport]);
    log(`reconciliation, Stripe side: ${fetched.toLocaleString('en-US')} balance transactions paged (100 a page) from the emulator and loaded in ${seconds(fetchMs)}`);

    // 2. Match a million ledger payouts against a million transfer lines (the emulator can't seed
    //    transfers of ours in bulk, so these lines are generated to match, three of them broken).
    function* transferLines(): Generator<StripeLine> {
      for (let n = 1; n <= payoutCount; n++) {
        if (n === 7) continue; // missing in Stripe
        yield { id: `txn_bench_${n}`, type: 'transfer', source: `tr_bench_${n}`, amount: -(1000 + (n % 9000)) - (n === 11 ? 1 : 0), currency: 'usd' };
        // Its reversal's transfer_refund line (source: the reversal, as on Stripe); one of a wrong amount.
        if (n % 100 === 0) yield { id: `txn_bench_r${n}`, type: 'transfer_refund', source: `trr_bench_${n}`, amount: n === 200 ? 101 : 100, currency: 'usd' };
      }
      yield { id: 'txn_bench_stranger', type: 'transfer', source: 'tr_not_ours', amount: -500, currency: 'usd' };
    }
    const report = randomUUID();
    await dataSource.query(`INSERT INTO reconciliation_reports (id, period_from, period_to, status, created_by) VALUES ($1, $2, $3, 'RUNNING', 'bench')`, [report, january.from, january.to]);
    const matchStarted = performance.now();
    const loaded = await service.loadStripe(report, transferLines());
    const loadMs = performance.now() - matchStarted;
    await service.match(report, january.from, january.to, loaded);
    const matchMs = performance.now() - matchStarted - loadMs;
    const counts = await service.counts(report);
    const [totals] = (await service.report(report)).totals;
    log(`reconciliation, matching: ${payoutCount.toLocaleString('en-US')} ledger payouts (+ ${Math.floor(payoutCount / 100).toLocaleString('en-US')} reversals) × ${loaded.toLocaleString('en-US')} transfer and transfer_refund lines: load ${seconds(loadMs)}, match and totals ${seconds(matchMs)}`);
    log(`                counts ${JSON.stringify(counts)}; USD ledger ${totals.ledgerMinor}, Stripe ${totals.stripeMinor}, difference ${totals.differenceMinor}`);
    log(`reconciliation total (Stripe paging + load + match): ${seconds(fetchMs + loadMs + matchMs)} (target < 60 s)`);
    const reversals = Math.floor(payoutCount / 100);
    const brokenReversals = payoutCount >= 200 ? 1 : 0;
    if (
      counts.MATCHED !== payoutCount - 2 + reversals - brokenReversals ||
      counts.MISSING_IN_STRIPE !== 1 ||
      counts.AMOUNT_MISMATCH !== 1 + brokenReversals ||
      counts.MISSING_IN_LEDGER !== 1
    ) {
      throw new Error('reconciliation found the wrong differences');
    }
    // Net paid out: the one missing in Stripe (n = 7), the one cent over (n = 11), the reversal one cent over, the stranger.
    const expectedDifference = 1000 + (7 % 9000) - 1 + brokenReversals - 500;
    if (Number(totals.differenceMinor) !== expectedDifference) throw new Error(`reconciliation difference ${totals.differenceMinor}, expected ${expectedDifference}`);
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    process.stderr.write('bench:payouts did not finish in 20 minutes\n');
    process.exit(1);
  }, 20 * 60_000);
  deadline.unref();
  const infra = await startBenchInfra('payouts');
  let dataSource: DataSource | undefined;
  try {
    log(`infra: postgres and kafka up (${infra.brokers.join(',')})`);
    dataSource = await openDatabase(infra.databaseUrl, 'payouts_bench');
    if (postingCount > 0) await postings(dataSource);
    if (ambassadorCount > 0) await payoutRun(dataSource);
    if (payoutCount > 0) await reconciliation(dataSource);
  } finally {
    await dataSource?.destroy();
    await infra.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
