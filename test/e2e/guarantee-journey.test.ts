// The money path across all four services, as the people and machines around the
// platform drive it: marketing ops set up a program and a campaign, an ambassador is
// approved, the shop sends a signed order with the ambassador's code, the commission
// lands pending in the payouts ledger; the customer claims the guarantee, is refunded
// through Stripe (the emulator) at once, and the commission is clawed back in the ledger.
// Every service runs as `npm start` runs it, each in its own process.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { mintToken, Role } from '@streetteam/auth';
import { hashEmail } from '@streetteam/contracts';
import { createStripeClient, DEV_STRIPE_SECRET_KEY, DEV_STRIPE_WEBHOOK_SECRET } from '@streetteam/stripe';
import { startStripeEmulator, StripeEmulator } from '@streetteam/stripe-emulator';
import { assertTestDatabase, kafkaBrokers, testDatabaseUrl, uniqueName, waitFor } from '@streetteam/testing';
import { signShopPayload } from '../../apps/campaigns/src/orders/shop-signature';
import { launchStack, LaunchedStack } from '../support/launched-stack';

const signingKey = `guarantee-journey-key-${uniqueName('k')}`;
const shopSecret = 'guarantee-journey-shop-secret-0123456789';

function databaseUrl(database: string): string {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  assertTestDatabase(url.toString());
  return url.toString();
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface Balance {
  currency: string;
  pendingMinor: number;
  availableMinor: number;
}
interface Reward {
  orderId: string | null;
  status: string;
  commissionMinor: number;
  reversedMinor: number;
  reversals: Array<{ cause: string }>;
}
interface AmbassadorView {
  ambassador: { referralCode: string; balances: Balance[]; rewardFeed: Reward[]; ledgerHistory: Array<{ kind: string; changeMinor: number }> };
}

describe('an order, a guarantee claim and its clawback, across every service', () => {
  const database = uniqueName('journey_test');
  let emulator: StripeEmulator;
  let stack: LaunchedStack;
  let opsToken: string;

  beforeAll(async () => {
    await withAdmin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`));
    emulator = await startStripeEmulator({ webhookSecret: DEV_STRIPE_WEBHOOK_SECRET });
    stack = await launchStack({
      databaseUrl: databaseUrl(database),
      kafkaBrokers: kafkaBrokers(),
      signingKey,
      env: {
        STRIPE_API_URL: emulator.url,
        STRIPE_SECRET_KEY: DEV_STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: DEV_STRIPE_WEBHOOK_SECRET,
        SHOP_SIGNING_SECRET: shopSecret,
      },
    });
    emulator.setWebhookUrls([`${stack.origins.payouts}/webhooks/stripe`]);
    opsToken = await mintToken({ subject: 'olga-ops', roles: [Role.MARKETING_OPS] }, signingKey);
  }, 200_000);

  afterAll(async () => {
    await stack?.stop();
    await emulator?.stop();
    await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`));
  }, 60_000);

  /** What the shop's checkout does: POSTs the order, signed with the shared secret. */
  async function shopSends(path: string, body: unknown): Promise<Response> {
    const raw = JSON.stringify(body);
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(`${stack.origins.campaigns}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shop-timestamp': String(timestamp), 'x-shop-signature': signShopPayload(shopSecret, timestamp, raw) },
      body: raw,
    });
  }

  async function ok<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
    const answer = await stack.ask<T>(query, variables, token);
    if (answer.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(answer.errors)}`);
    return answer.data!;
  }

  it('claws back the commission of a refunded order, and the ambassador sees why', async () => {
    // Marketing ops set up the program (no training required) and a campaign paying 10%.
    const { createProgram } = await ok<{ createProgram: { id: string } }>(
      `mutation { createProgram(input: { name: "Guarantee crew", currency: "USD", guaranteeWindowDays: 30 }) { id } }`,
      {},
      opsToken,
    );
    const programId = createProgram.id;
    // Campaigns learns of the program from enrollment's event; until then it refuses campaigns for it.
    const campaignId = await waitFor(
      async () => {
        const answer = await stack.ask<{ createCampaign: { id: string } }>(
          `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
          {
            input: {
              programId,
              name: 'Spring drop',
              objective: 'SALES',
              startsAt: new Date(Date.now() - 60_000).toISOString(),
              rules: { percentBps: 1000, pointsPerSale: 10 },
            },
          },
          opsToken,
        );
        return answer.data?.createCampaign.id;
      },
      { description: 'campaigns to accept a campaign for the new program', timeoutMs: 60_000, intervalMs: 500 },
    );
    await ok(`mutation ($id: ID!) { changeCampaignStatus(id: $id, status: ACTIVE) { status } }`, { id: campaignId }, opsToken);

    // A customer applies; ops approve; with no training the ambassador is active at once.
    const submitted = await ok<{ submitApplication: { application: { id: string } } }>(
      `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { id } } }`,
      { input: { programId, email: 'gia.guarantee@example.com', name: 'Gia Guarantee', country: 'US', priorOrders: 3, acceptedTerms: true } },
    );
    const { decideApplication } = await ok<{ decideApplication: { ambassadorId: string } }>(
      `mutation ($id: ID!) { decideApplication(input: { applicationId: $id, decision: APPROVED, note: "ok", reasonForApplicant: "Welcome" }) { ambassadorId } }`,
      { id: submitted.submitApplication.application.id },
      opsToken,
    );
    const ambassadorId = decideApplication.ambassadorId;
    const giaToken = await mintToken({ subject: `gia-${ambassadorId}`, roles: [Role.AMBASSADOR], ambassadorId }, signingKey);
    const view = `query ($id: ID!) { ambassador(id: $id) {
        referralCode
        balances { currency pendingMinor availableMinor }
        rewardFeed { orderId status commissionMinor reversedMinor reversals { cause } }
        ledgerHistory { kind changeMinor } } }`;
    const gia = () => ok<AmbassadorView>(view, { id: ambassadorId }, giaToken);
    const code = (await gia()).ambassador.referralCode;

    // A customer pays (Stripe) and the shop sends the order with Gia's code.
    const stripe = createStripeClient({ secretKey: DEV_STRIPE_SECRET_KEY, apiUrl: emulator.url, webhookSecret: DEV_STRIPE_WEBHOOK_SECRET, webhookToleranceSeconds: 300 });
    const payment = await stripe.paymentIntents.create({ amount: 12_000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' });
    const orderId = `shop-${randomUUID().slice(0, 8)}`;
    const order = {
      orderId,
      programId,
      customerId: 'cust-77',
      customerEmailHash: hashEmail('carl.customer@example.com'),
      amountMinor: 12_000,
      currency: 'USD',
      items: [{ sku: 'JACKET-1', quantity: 1, unitAmountMinor: 12_000 }],
      discountCode: code,
      stripePaymentIntentId: payment.id,
      placedAt: new Date().toISOString(),
    };
    // Campaigns may not have Gia's activation yet: the shop's order is accepted either way and attributed when it is.
    expect((await shopSends('/ingest/orders', order)).status).toBe(202);

    const earned = await waitFor(
      async () => {
        const { ambassador } = await gia();
        const usd = ambassador.balances.find((b) => b.currency === 'USD');
        return usd?.pendingMinor === 1_200 && ambassador.rewardFeed.some((r) => r.orderId === orderId) ? ambassador : undefined;
      },
      { description: 'the commission to show pending in the ledger and the feed', timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(earned.rewardFeed.find((r) => r.orderId === orderId)).toMatchObject({ status: 'PENDING', commissionMinor: 1_200, reversedMinor: 0 });

    // The customer changed their mind: the guarantee refunds at once, no questions.
    const claim = await ok<{ openGuaranteeClaim: { accessToken: string; claim: { status: string } } }>(
      `mutation ($input: OpenGuaranteeClaimInput!) { openGuaranteeClaim(input: $input) { accessToken claim { status } } }`,
      { input: { orderId, email: 'Carl.Customer@example.com', items: [{ sku: 'JACKET-1', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' } },
    );
    const claimStatus = await waitFor(
      async () => {
        const { myGuaranteeClaim } = await ok<{ myGuaranteeClaim: { status: string } }>(
          `query ($t: String!) { myGuaranteeClaim(accessToken: $t) { status } }`,
          { t: claim.openGuaranteeClaim.accessToken },
        );
        return myGuaranteeClaim.status === 'RESOLVED' ? myGuaranteeClaim.status : undefined;
      },
      { description: 'the claim to resolve', timeoutMs: 30_000, intervalMs: 300 },
    );
    expect(claimStatus).toBe('RESOLVED');
    expect(emulator.refunds().filter((r) => r.payment_intent === payment.id).map((r) => r.amount)).toEqual([12_000]);

    // Campaigns reverses the commission; the ledger takes it back from pending.
    const clawedBack = await waitFor(
      async () => {
        const { ambassador } = await gia();
        const usd = ambassador.balances.find((b) => b.currency === 'USD');
        return usd?.pendingMinor === 0 ? ambassador : undefined;
      },
      { description: 'the clawback to reach the payouts ledger', timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(clawedBack.rewardFeed.find((r) => r.orderId === orderId)).toMatchObject({ status: 'REVERSED', reversedMinor: 1_200, reversals: [{ cause: 'GUARANTEE_CLAIM' }] });
    expect(clawedBack.ledgerHistory.map((line) => [line.kind, line.changeMinor])).toEqual(
      expect.arrayContaining([
        ['COMMISSION_EARNED', 1_200],
        ['COMMISSION_REVERSED', -1_200],
      ]),
    );

    // Finance sees a ledger that still balances to the cent.
    const financeToken = await mintToken({ subject: 'fiona-finance', roles: [Role.FINANCE] }, signingKey);
    const { ledgerIntegrity } = await ok<{ ledgerIntegrity: Record<string, unknown> }>(
      `{ ledgerIntegrity { balanceMismatches unbalancedTransactions unbalancedCurrencies } }`,
      {},
      financeToken,
    );
    expect(ledgerIntegrity).toEqual({ balanceMismatches: 0, unbalancedTransactions: 0, unbalancedCurrencies: [] });
  }, 240_000);
});
