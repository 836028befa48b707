// The money path across all four services, as the people and machines around the
// platform drive it: marketing ops set up a program and a campaign, an ambassador is
// approved, the shop sends a signed order with the ambassador's code, the commission
// lands pending in the payouts ledger; the customer claims the guarantee, is refunded
// through Stripe (the emulator) at once, and the commission is clawed back in the ledger.
// Every service runs as `npm start` runs it, each in its own process.
import { randomUUID } from 'node:crypto';
import { mintToken, Role } from '@streetteam/auth';
import { hashEmail } from '@streetteam/contracts';
import { createStripeClient, DEV_STRIPE_SECRET_KEY, DEV_STRIPE_WEBHOOK_SECRET } from '@streetteam/stripe';
import { startStripeEmulator, StripeEmulator } from '@streetteam/stripe-emulator';
import { kafkaBrokers, uniqueName, waitFor } from '@streetteam/testing';
import { launchStack, LaunchedStack } from '../support/launched-stack';
import { ownTestDatabase } from '../support/own-database';
import { ProgramWithAmbassador, setUpProgramWithAmbassador, shopSends, succeed } from '../support/program-journey';

const signingKey = `guarantee-journey-key-${uniqueName('k')}`;
const shopSecret = 'guarantee-journey-shop-secret-0123456789';

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
  claims: Array<{ absorbedByBrand: boolean; amountMinor: number }>;
}
interface AmbassadorView {
  ambassador: { balances: Balance[]; rewardFeed: Reward[]; ledgerHistory: Array<{ kind: string; changeMinor: number }> };
}

describe('an order, a guarantee claim and its clawback, across every service', () => {
  const database = ownTestDatabase('journey');
  let emulator: StripeEmulator;
  let stack: LaunchedStack;

  beforeAll(async () => {
    await database.create();
    emulator = await startStripeEmulator({ webhookSecret: DEV_STRIPE_WEBHOOK_SECRET });
    stack = await launchStack({
      databaseUrl: database.url,
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
  }, 200_000);

  afterAll(async () => {
    await stack?.stop();
    await emulator?.stop();
    await database.drop();
  }, 60_000);

  let journey: ProgramWithAmbassador;
  const view = `query ($id: ID!) { ambassador(id: $id) {
      balances { currency pendingMinor availableMinor }
      rewardFeed { orderId status commissionMinor reversedMinor reversals { cause } claims { absorbedByBrand amountMinor } }
      ledgerHistory { kind changeMinor commissionId } } }`;
  const gia = async () => (await succeed<AmbassadorView>(stack, view, { id: journey.ambassadorId }, journey.ambassadorToken)).ambassador;
  const pending = async () => (await gia()).balances.find((b) => b.currency === 'USD')?.pendingMinor ?? 0;

  /** A customer pays through Stripe and the shop sends the order with Gia's code; resolves once the ledger holds its commission. */
  async function orderWithGiasCode(amountMinor: number, email: string): Promise<{ orderId: string; paymentIntentId: string }> {
    const stripe = createStripeClient({ secretKey: DEV_STRIPE_SECRET_KEY, apiUrl: emulator.url, webhookSecret: DEV_STRIPE_WEBHOOK_SECRET, webhookToleranceSeconds: 300 });
    const payment = await stripe.paymentIntents.create({ amount: amountMinor, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' });
    const orderId = `shop-${randomUUID().slice(0, 8)}`;
    const before = await pending();
    const sent = await shopSends(stack, shopSecret, '/ingest/orders', {
      orderId,
      programId: journey.programId,
      customerId: `cust-${orderId}`,
      customerEmailHash: hashEmail(email),
      amountMinor,
      currency: 'USD',
      items: [{ sku: 'JACKET-1', quantity: 1, unitAmountMinor: amountMinor }],
      discountCode: journey.referralCode,
      stripePaymentIntentId: payment.id,
      placedAt: new Date().toISOString(),
    });
    expect(sent.status).toBe(202);
    await waitFor(async () => ((await pending()) === before + amountMinor / 10 ? true : undefined), {
      description: `the commission of ${orderId} to show pending in the ledger`,
      timeoutMs: 60_000,
      intervalMs: 300,
    });
    return { orderId, paymentIntentId: payment.id };
  }

  /** The customer claims the guarantee for the whole order, with the email they ordered with, and waits for it to resolve. */
  async function claimRefund(orderId: string, email: string, reason: string): Promise<void> {
    const { openGuaranteeClaim } = await succeed<{ openGuaranteeClaim: { accessToken: string } }>(
      stack,
      `mutation ($input: OpenGuaranteeClaimInput!) { openGuaranteeClaim(input: $input) { accessToken } }`,
      { input: { orderId, email, items: [{ sku: 'JACKET-1', quantity: 1 }], reason, resolution: 'REFUND' } },
    );
    await waitFor(
      async () => {
        const { myGuaranteeClaim } = await succeed<{ myGuaranteeClaim: { status: string } }>(stack, `query ($t: String!) { myGuaranteeClaim(accessToken: $t) { status } }`, {
          t: openGuaranteeClaim.accessToken,
        });
        return myGuaranteeClaim.status === 'RESOLVED' ? true : undefined;
      },
      { description: `the claim on ${orderId} to resolve`, timeoutMs: 30_000, intervalMs: 300 },
    );
  }

  it('claws back the commission when the customer changed their mind, and the ambassador sees why', async () => {
    journey = await setUpProgramWithAmbassador(stack, signingKey);
    const { orderId, paymentIntentId } = await orderWithGiasCode(12_000, 'carl.customer@example.com');
    expect((await gia()).rewardFeed.find((r) => r.orderId === orderId)).toMatchObject({ status: 'PENDING', commissionMinor: 1_200, reversedMinor: 0 });

    // No questions: the refund goes out at once, to the original payment.
    await claimRefund(orderId, 'Carl.Customer@example.com', 'CHANGED_MIND');
    expect(emulator.refunds().filter((r) => r.payment_intent === paymentIntentId).map((r) => r.amount)).toEqual([12_000]);

    // Campaigns reverses the commission; the ledger takes it back from pending.
    await waitFor(async () => ((await pending()) === 0 ? true : undefined), { description: 'the clawback to reach the payouts ledger', timeoutMs: 60_000, intervalMs: 300 });
    const after = await gia();
    expect(after.rewardFeed.find((r) => r.orderId === orderId)).toMatchObject({ status: 'REVERSED', reversedMinor: 1_200, reversals: [{ cause: 'GUARANTEE_CLAIM' }] });
    expect(after.ledgerHistory.map((line) => [line.kind, line.changeMinor])).toEqual(
      expect.arrayContaining([
        ['COMMISSION_EARNED', 1_200],
        ['COMMISSION_REVERSED', -1_200],
      ]),
    );
  }, 180_000);

  it('lets the brand bear a product that failed: the customer is refunded, the ambassador keeps the commission', async () => {
    const { orderId, paymentIntentId } = await orderWithGiasCode(8_000, 'dora.customer@example.com');

    await claimRefund(orderId, 'dora.customer@example.com', 'PRODUCT_FAILED');
    expect(emulator.refunds().filter((r) => r.payment_intent === paymentIntentId).map((r) => r.amount)).toEqual([8_000]);

    const absorbed = await waitFor(
      async () => {
        const reward = (await gia()).rewardFeed.find((r) => r.orderId === orderId);
        return reward && reward.claims.length > 0 ? reward : undefined;
      },
      { description: 'the feed to show the claim the brand absorbed', timeoutMs: 60_000, intervalMs: 300 },
    );
    expect(absorbed).toMatchObject({ status: 'PENDING', reversedMinor: 0, reversals: [], claims: [{ absorbedByBrand: true, amountMinor: 8_000 }] });
    expect(await pending()).toBe(800);
  }, 120_000);

  it('leaves finance a ledger that balances to the cent', async () => {
    const financeToken = await mintToken({ subject: 'fiona-finance', roles: [Role.FINANCE] }, signingKey);
    const { ledgerIntegrity } = await succeed<{ ledgerIntegrity: Record<string, unknown> }>(
      stack,
      `{ ledgerIntegrity { balanceMismatches unbalancedTransactions unbalancedCurrencies } }`,
      {},
      financeToken,
    );
    expect(ledgerIntegrity).toEqual({ balanceMismatches: 0, unbalancedTransactions: 0, unbalancedCurrencies: [] });
  });
});
