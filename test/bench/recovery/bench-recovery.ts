// npm run bench:recovery: how long a guarantee claim takes to reach the payouts ledger.
// The whole platform runs as `npm start` runs it (four services and the gateway, each its
// own process) on a fresh Postgres and Kafka, with the Stripe emulator. One ambassador's
// code sells N orders; once every commission is pending in the ledger, agents file one
// claim per order (CHANGED_MIND, so the commission is clawed back) at a steady rate, and
// the time from filing to the reversal applied in payouts' ledger is measured per claim.
// Every claim must be refunded once and every commission reversed once.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { mintToken, Role } from '@streetteam/auth';
import { hashEmail } from '@streetteam/contracts';
import { createStripeClient, DEV_STRIPE_SECRET_KEY, DEV_STRIPE_WEBHOOK_SECRET } from '@streetteam/stripe';
import { startStripeEmulator } from '@streetteam/stripe-emulator';
import { waitFor } from '@streetteam/testing';
import { startBenchInfra } from '../support/bench-infra';
import { percentile } from '../support/stats';
import { launchStack } from '../../support/launched-stack';
import { setUpProgramWithAmbassador, shopSends, succeed } from '../../support/program-journey';

const { values: flags } = parseArgs({
  options: {
    claims: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '10' },
  },
});
const CLAIMS = Number(flags.claims);
const RATE = Number(flags.rate);
const ORDER_MINOR = 5_000;
const SHOP_SECRET = 'bench-recovery-shop-secret-0123456789';
const SIGNING_KEY = 'bench-recovery-signing-key-0123456789abcdef';

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

async function main(): Promise<void> {
  if (!(CLAIMS > 0 && RATE > 0)) throw new Error('--claims and --rate must be positive numbers');
  const started = Date.now();
  log(`bench:recovery: ${CLAIMS} claims at ${RATE}/s, claim filed → commission reversed in the payouts ledger`);
  const infra = await startBenchInfra('recovery');
  const emulator = await startStripeEmulator({ webhookSecret: DEV_STRIPE_WEBHOOK_SECRET });
  const db = new Client({ connectionString: infra.databaseUrl });
  let stack: Awaited<ReturnType<typeof launchStack>> | undefined;
  try {
    stack = await launchStack({
      databaseUrl: infra.databaseUrl,
      kafkaBrokers: infra.brokers,
      signingKey: SIGNING_KEY,
      env: {
        LOG_LEVEL: 'warn',
        STRIPE_API_URL: emulator.url,
        STRIPE_SECRET_KEY: DEV_STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: DEV_STRIPE_WEBHOOK_SECRET,
        SHOP_SIGNING_SECRET: SHOP_SECRET,
      },
    });
    emulator.setWebhookUrls([`${stack.origins.payouts}/webhooks/stripe`]);
    await db.connect();
    log(`platform up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const journey = await setUpProgramWithAmbassador(stack, SIGNING_KEY);
    const running = stack;

    // Sales: N orders, each paid through Stripe, each from its own customer.
    const stripe = createStripeClient({ secretKey: DEV_STRIPE_SECRET_KEY, apiUrl: emulator.url, webhookSecret: DEV_STRIPE_WEBHOOK_SECRET, webhookToleranceSeconds: 300 });
    const orders = Array.from({ length: CLAIMS }, (_, i) => ({ orderId: `bench-order-${i}`, email: `customer-${i}@bench.example` }));
    await inBatches(orders, 20, async ({ orderId, email }) => {
      const payment = await stripe.paymentIntents.create({ amount: ORDER_MINOR, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' });
      const sent = await shopSends(running, SHOP_SECRET, '/ingest/orders', {
        orderId,
        programId: journey.programId,
        customerId: `bench-customer-${orderId}`,
        customerEmailHash: hashEmail(email),
        amountMinor: ORDER_MINOR,
        currency: 'USD',
        items: [{ sku: 'BENCH-TEE', quantity: 1, unitAmountMinor: ORDER_MINOR }],
        discountCode: journey.referralCode,
        stripePaymentIntentId: payment.id,
        placedAt: new Date().toISOString(),
      });
      if (sent.status !== 202) throw new Error(`the shop's order ${orderId} was refused: ${sent.status} ${await sent.text()}`);
    });
    await waitFor(async () => (await count(db, `SELECT count(*) FROM payouts.commissions WHERE order_id LIKE 'bench-order-%'`)) === CLAIMS, { description: 'every commission pending in the ledger', timeoutMs: 300_000, intervalMs: 50 });
    log(`${CLAIMS} orders attributed and pending in the ledger`);

    // Claims at a steady rate, each timed from just before it is sent.
    const agentToken = await mintToken({ subject: 'bench-agent', roles: [Role.SUPPORT_AGENT] }, SIGNING_KEY);
    const filedAt = new Map<string, number>();
    const claimsStarted = Date.now();
    const inFlight: Array<Promise<void>> = [];
    for (let i = 0; i < CLAIMS; i++) {
      const due = claimsStarted + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const { orderId, email } = orders[i];
      filedAt.set(orderId, Date.now());
      inFlight.push(
        succeed(
          running,
          `mutation ($input: OpenGuaranteeClaimInput!) { openGuaranteeClaimForCustomer(input: $input) { claim { id } } }`,
          { input: { orderId, email, items: [{ sku: 'BENCH-TEE', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' } },
          agentToken,
        ).then(() => undefined),
      );
    }
    await Promise.all(inFlight);
    const filedIn = (Date.now() - claimsStarted) / 1000;

    const reversedSql = `SELECT c.order_id, (extract(epoch from r.applied_at) * 1000)::float8 AS at, r.applied_minor::int AS minor
                           FROM payouts.commission_reversals r JOIN payouts.commissions c ON c.id = r.commission_id
                          WHERE r.applied_at IS NOT NULL AND c.order_id LIKE 'bench-order-%'`;
    await waitFor(async () => (await count(db, `SELECT count(*) FROM (${reversedSql}) r`)) >= CLAIMS, { description: 'every reversal applied in the ledger', timeoutMs: 300_000, intervalMs: 50 });
    const reversals = (await db.query<{ order_id: string; at: number; minor: number }>(reversedSql)).rows;
    const latencies = reversals.map((r) => r.at - filedAt.get(r.order_id)!).sort((a, b) => a - b);
    const perOrder = new Set(reversals.map((r) => r.order_id));
    const refunds = emulator.refunds().filter((r) => r.amount === ORDER_MINOR).length;
    // Where the time goes: recovery's resolution (Stripe refund included), then campaigns and payouts downstream.
    const resolvedAt = new Map(
      (
        await db.query<{ order_id: string; at: number }>(
          `SELECT order_id, (extract(epoch from resolved_at) * 1000)::float8 AS at FROM recovery.guarantee_claims WHERE order_id LIKE 'bench-order-%' AND resolved_at IS NOT NULL`,
        )
      ).rows.map((r) => [r.order_id, r.at]),
    );
    const toResolved = reversals.map((r) => resolvedAt.get(r.order_id)! - filedAt.get(r.order_id)!).sort((a, b) => a - b);
    const downstream = reversals.map((r) => r.at - resolvedAt.get(r.order_id)!).sort((a, b) => a - b);

    log('');
    log(`claims filed          ${CLAIMS} in ${filedIn.toFixed(1)} s (${(CLAIMS / filedIn).toFixed(1)}/s offered ${RATE}/s)`);
    log(`claim → ledger p50    ${percentile(latencies, 50).toFixed(0)} ms`);
    log(`claim → ledger p99    ${percentile(latencies, 99).toFixed(0)} ms   (target < 5000 ms)`);
    log(`claim → ledger max    ${latencies[latencies.length - 1].toFixed(0)} ms`);
    log(`  filed → resolved    p50 ${percentile(toResolved, 50).toFixed(0)} ms, p99 ${percentile(toResolved, 99).toFixed(0)} ms (recovery, Stripe refund included)`);
    log(`  resolved → ledger   p50 ${percentile(downstream, 50).toFixed(0)} ms, p99 ${percentile(downstream, 99).toFixed(0)} ms (ClaimResolved → campaigns → CommissionReversed → payouts)`);
    log(`refunds at Stripe     ${refunds} (expected ${CLAIMS})`);
    log(`reversals in ledger   ${reversals.length} for ${perOrder.size} orders, ${reversals.reduce((sum, r) => sum + r.minor, 0)} minor (expected ${CLAIMS} × ${ORDER_MINOR / 10})`);
    const exact = refunds === CLAIMS && reversals.length === CLAIMS && perOrder.size === CLAIMS;
    log(exact ? 'every claim refunded once and every commission reversed once' : 'MISMATCH: a claim was refunded or reversed other than once');
    if (!exact) process.exitCode = 1;
  } finally {
    await db.end().catch(() => undefined);
    await stack?.stop();
    await emulator.stop();
    await infra.stop();
  }
}

async function count(db: Client, sql: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>(sql);
  return Number(rows[0].count);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:recovery failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
