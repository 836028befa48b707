import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { ClaimResolvedPayload, Topics } from '@streetteam/contracts';
import { kafkaBrokers, testDatabaseUrl, waitFor } from '@streetteam/testing';
import { ClaimResolutionService } from '../src/claims/claim-resolution.service';
import { OPEN_CLAIM, RecoveryTestKit } from './recovery-test-kit';

const root = path.join(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A second replica of recovery in its own process, on the same schema and topics as the
 * in-process one: the one that dies.
 */
describe('recovery killed between the Stripe call and the save', () => {
  const kit = new RecoveryTestKit();
  let replica: ChildProcess | undefined;
  let replicaUrl: string;
  let order: Awaited<ReturnType<RecoveryTestKit['order']>>;

  beforeAll(async () => {
    await kit.start();
    // Before the second replica joins the consumer groups, so this one is sure to see them.
    order = await kit.order(await kit.program(30));
    const port = await freePort();
    replicaUrl = `http://127.0.0.1:${port}`;
    replica = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/recovery/src/main.ts'], {
      cwd: root,
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH ?? '',
        RECOVERY_PORT: String(port),
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_SCHEMA: kit.service.config.databaseSchema,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: kit.service.topicPrefix,
        AUTH_DEV_SIGNING_KEY: kit.service.signingKey,
        STRIPE_SECRET_KEY: 'sk_test_recovery',
        STRIPE_API_URL: kit.emulator.url,
        LOG_LEVEL: 'error',
      },
    });
    await waitFor(
      async () => {
        const ready = await request(replicaUrl).get('/health/ready').catch(() => undefined);
        return ready?.status === 200;
      },
      { description: 'the second replica to be ready', timeoutMs: 90_000, intervalMs: 250 },
    );
  }, 120_000);

  afterAll(async () => {
    if (replica && replica.exitCode === null && replica.signalCode === null) replica.kill('SIGKILL');
    await kit.stop();
  });

  it('refunds once: the surviving replica finishes the pending refund with the same idempotency key', async () => {
    // Stripe answers slowly, so there is time to hold the replica's save back once the
    // claim and its pending resolution are committed: it is then caught with the refund
    // made at Stripe and not yet saved, and killed there.
    kit.emulator.faults.delay(1_000);
    const inFlight = request(replicaUrl)
      .post('/graphql')
      .send({ query: OPEN_CLAIM, variables: { input: { orderId: order.orderId, email: order.email, items: [{ sku: 'HOODIE', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' } } })
      .then(
        () => 'answered',
        () => 'cut off',
      );
    const pending = () => kit.db.query(`SELECT r.id, r.claim_id, r.status FROM claim_resolutions r JOIN guarantee_claims c ON c.id = r.claim_id WHERE c.order_id = $1`, [order.orderId]);
    const resolutionId = await waitFor(async () => ((await pending()).rows[0]?.id as string | undefined), { description: 'the pending resolution', timeoutMs: 30_000, intervalMs: 10 });
    const locker = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${kit.service.config.databaseSchema}` });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM claim_resolutions WHERE id = $1 FOR UPDATE', [resolutionId]);
      await waitFor(async () => kit.refundsOf(order.stripePaymentIntentId!).length === 1, { description: 'the refund at the emulator', timeoutMs: 30_000, intervalMs: 10 });
      replica!.kill('SIGKILL');
      expect(await inFlight).toBe('cut off');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    kit.emulator.faults.delay(0);

    const [row] = (await pending()).rows as Array<{ claim_id: string; status: string }>;
    expect(row.status).toBe('PENDING');
    const claim = { id: row.claim_id };
    expect((await kit.claim(claim.id)).status).toBe('RESOLVING');

    // The surviving replica's sweeper, once the dead one's lease ran out.
    await kit.service.app.get(ClaimResolutionService).sweep(new Date(Date.now() + 3 * 60_000));
    const refunds = kit.refundsOf(order.stripePaymentIntentId!);
    expect(refunds.map((r) => r.amount)).toEqual([4500]);
    expect(kit.refundIdempotencyKeys(order.stripePaymentIntentId!)).toEqual([`guarantee-claim-${claim.id}`]);
    const done = await kit.claim(claim.id);
    expect(done).toMatchObject({ status: 'RESOLVED', resolution: { status: 'COMPLETED', stripeRefundId: refunds[0].id } });
    await kit.events<ClaimResolvedPayload>(Topics.recoveryClaims, (e) => e.type === 'ClaimResolved' && e.payload.claimId === claim.id);
    expect(await kit.allEvents<ClaimResolvedPayload>(Topics.recoveryClaims, (e) => e.type === 'ClaimResolved' && e.payload.claimId === claim.id)).toHaveLength(1);
  });
});
