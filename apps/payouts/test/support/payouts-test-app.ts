// Test support for payouts' integration tests: the app on the real test Postgres and
// Kafka, a Stripe emulator of its own whose webhooks reach the app, and event helpers.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Role } from '@streetteam/auth';
import {
  AmbassadorActivated,
  CommissionEarned,
  CommissionEarnedPayload,
  CommissionHoldChanged,
  CommissionReversed,
  CommissionReversedPayload,
  EventDefinition,
} from '@streetteam/contracts';
import { envelopeFor, publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { DEV_STRIPE_SECRET_KEY } from '@streetteam/stripe';
import { startStripeEmulator, StripeEmulator, StripeEmulatorOptions } from '@streetteam/stripe-emulator';
import { testDatabaseUrl, waitFor } from '@streetteam/testing';
import { AMBASSADORS_CONSUMER_GROUP } from '../../src/ambassadors/ambassador-events.consumer';
import { COMMISSIONS_CONSUMER_GROUP } from '../../src/commissions/commission-events.consumer';
import { PayoutsConfig } from '../../src/payouts-config';
import { PayoutsModule } from '../../src/payouts.module';

export interface PayoutsTestApp {
  service: TestService;
  emulator: StripeEmulator;
  payoutsConfig: PayoutsConfig;
  db: Client;
  webhookUrl: string;
  close(): Promise<void>;
}

export function payoutsConfigFor(emulator: StripeEmulator, overrides: Partial<PayoutsConfig> = {}): PayoutsConfig {
  return {
    stripe: { secretKey: DEV_STRIPE_SECRET_KEY, apiUrl: emulator.url, webhookSecret: emulator.webhookSecret, webhookToleranceSeconds: 300 },
    jobIntervalMs: 0,
    transferConcurrency: 4,
    stripeRequestsPerSecond: 0,
    portalUrl: 'http://127.0.0.1:4000/portal',
    ...overrides,
  };
}

export async function startPayoutsTestApp(
  options: { emulator?: StripeEmulatorOptions; payouts?: Partial<PayoutsConfig>; webhooks?: boolean } = {},
): Promise<PayoutsTestApp> {
  const emulator = await startStripeEmulator(options.emulator ?? {});
  const payoutsConfig = payoutsConfigFor(emulator, options.payouts);
  const service = await startTestService('payouts', (config) => PayoutsModule.forRoot(config, { writeSchema: false, payouts: payoutsConfig }));
  await service.app.listen(0, '127.0.0.1');
  const { port } = service.app.getHttpServer().address() as AddressInfo;
  const webhookUrl = `http://127.0.0.1:${port}/webhooks/stripe`;
  if (options.webhooks !== false) emulator.setWebhookUrls([webhookUrl]);
  const db = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${service.config.databaseSchema}` });
  await db.connect();
  return {
    service,
    emulator,
    payoutsConfig,
    db,
    webhookUrl,
    async close() {
      await db.end();
      emulator.setWebhookUrls([]);
      await service.close();
      await emulator.stop();
    },
  };
}

export const finance = (n = 1) => ({ role: Role.FINANCE, ambassadorId: undefined, subject: `finance-${n}` });

/** A caller for TestService.graphql: the token's subject is `<role>-<ambassadorId ?? 'staff'>`. */
export const as = {
  finance: { role: Role.FINANCE },
  admin: { role: Role.ADMIN },
  ops: { role: Role.MARKETING_OPS },
  ambassador: (ambassadorId: string) => ({ role: Role.AMBASSADOR, ambassadorId }),
};

export async function publish<P>(app: PayoutsTestApp, group: string, definition: EventDefinition<P>, payload: P): Promise<void> {
  await publishAndSettle(app.service, group, definition, envelopeFor(definition, payload, 'campaigns'), 'handled');
}

export async function activateAmbassador(app: PayoutsTestApp, country = 'DE', ambassadorId: string = randomUUID()): Promise<string> {
  await publish(app, AMBASSADORS_CONSUMER_GROUP, AmbassadorActivated, {
    ambassadorId,
    programId: PROGRAM_ID,
    referralCode: `AMB${ambassadorId.slice(0, 6)}`,
    displayName: 'Test Ambassador',
    customerEmailHash: 'a'.repeat(64),
    country,
    activatedAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  return ambassadorId;
}

export const PROGRAM_ID = '00000000-0000-4000-8000-00000000f00d';

export function commission(ambassadorId: string, amountMinor: number, overrides: Partial<CommissionEarnedPayload> = {}): CommissionEarnedPayload {
  const earnedAt = new Date(Date.now() - 40 * 86_400_000);
  return {
    commissionId: randomUUID(),
    ambassadorId,
    programId: PROGRAM_ID,
    campaignId: '00000000-0000-4000-8000-00000000ca11',
    source: 'ORDER',
    orderId: `order-${randomUUID()}`,
    amountMinor,
    currency: 'USD',
    saleAmountMinor: amountMinor * 10,
    points: 10,
    earnedAt: earnedAt.toISOString(),
    holdUntil: new Date(earnedAt.getTime() + 30 * 86_400_000).toISOString(),
    ...overrides,
  };
}

export async function earn(app: PayoutsTestApp, payload: CommissionEarnedPayload): Promise<CommissionEarnedPayload> {
  await publish(app, COMMISSIONS_CONSUMER_GROUP, CommissionEarned, payload);
  return payload;
}

export function reversal(c: CommissionEarnedPayload, amountMinor: number, overrides: Partial<CommissionReversedPayload> = {}): CommissionReversedPayload {
  return {
    reversalId: randomUUID(),
    commissionId: c.commissionId,
    ambassadorId: c.ambassadorId,
    programId: c.programId,
    cause: 'REFUND',
    amountMinor,
    saleAmountMinor: 0,
    points: 0,
    currency: c.currency,
    reason: 'customer refunded',
    reversedAt: new Date().toISOString(),
    ...overrides,
  };
}

export async function reverse(app: PayoutsTestApp, payload: CommissionReversedPayload): Promise<void> {
  await publish(app, COMMISSIONS_CONSUMER_GROUP, CommissionReversed, payload);
}

export async function hold(app: PayoutsTestApp, c: CommissionEarnedPayload, held: boolean): Promise<void> {
  await publish(app, COMMISSIONS_CONSUMER_GROUP, CommissionHoldChanged, {
    commissionId: c.commissionId,
    ambassadorId: c.ambassadorId,
    programId: c.programId,
    held,
    reason: held ? 'fraud flag: self-referral suspected' : 'cleared by ops',
    changedAt: new Date().toISOString(),
  });
}

/** Opens the ambassador's Stripe account through GraphQL and completes onboarding at the emulator; waits for account.updated. */
export async function onboard(app: PayoutsTestApp, ambassadorId: string): Promise<string> {
  const opened = await app.service.graphql<{ openPayoutAccount: { stripeAccountId: string } }>(
    `mutation ($id: ID!) { openPayoutAccount(ambassadorId: $id) { stripeAccountId state } }`,
    { id: ambassadorId },
    as.ambassador(ambassadorId),
  );
  if (opened.errors) throw new Error(JSON.stringify(opened.errors));
  const account = opened.data!.openPayoutAccount.stripeAccountId;
  app.emulator.completeOnboarding(account);
  await waitFor(
    async () => {
      const { rows } = await app.db.query('SELECT state FROM payout_accounts WHERE ambassador_id = $1', [ambassadorId]);
      return rows[0]?.state === 'PAYOUTS_ENABLED';
    },
    { description: `account ${account} enabled by account.updated`, timeoutMs: 15_000 },
  );
  return account;
}

export async function position(app: PayoutsTestApp, ambassadorId: string, currency = 'USD'): Promise<Record<string, number>> {
  const { rows } = await app.db.query(
    `SELECT a.kind, coalesce(b.balance_minor, 0)::int AS balance FROM ledger_accounts a LEFT JOIN ledger_balances b ON b.account_id = a.id
      WHERE a.ambassador_id = $1 AND a.currency = $2`,
    [ambassadorId, currency],
  );
  const of = (kind: string) => Number(rows.find((r: { kind: string }) => r.kind === kind)?.balance ?? 0);
  const neg = (kind: string) => -of(kind) || 0;
  return {
    pending: neg('AMBASSADOR_PENDING'),
    available: neg('AMBASSADOR_AVAILABLE'),
    paidOut: neg('AMBASSADOR_PAID_OUT'),
    clawback: of('CLAWBACK_RECEIVABLE'),
  };
}

export async function integrity(app: PayoutsTestApp): Promise<{ balanceMismatches: number; unbalancedTransactions: number; unbalancedCurrencies: string[] }> {
  const answer = await app.service.graphql<{ ledgerIntegrity: { balanceMismatches: number; unbalancedTransactions: number; unbalancedCurrencies: string[] } }>(
    '{ ledgerIntegrity { balanceMismatches unbalancedTransactions unbalancedCurrencies } }',
    {},
    as.finance,
  );
  return answer.data!.ledgerIntegrity;
}
