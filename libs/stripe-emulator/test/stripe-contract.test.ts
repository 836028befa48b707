// The Stripe calls payouts and recovery make, sent through the real SDK to stripe-mock
// (Stripe's own validator: the requests must be valid for Stripe's API) and to our
// emulator; both answers must have the object types and the fields callers read.
import { freePort, RunningStripeMock, startStripeMock } from '@streetteam/local-infra';
import { createStripeClient, Stripe, StripeSettings } from '@streetteam/stripe';
import { StripeEmulator, startStripeEmulator } from '../src';

interface Answers {
  account: Stripe.Account;
  accountLink: Stripe.AccountLink;
  transfer: Stripe.Transfer;
  transfersByGroup: Stripe.ApiList<Stripe.Transfer>;
  reversal: Stripe.TransferReversal;
  balanceTransactions: Stripe.ApiList<Stripe.BalanceTransaction>;
  nextBalanceTransactions: Stripe.ApiList<Stripe.BalanceTransaction>;
  paymentIntent: Stripe.PaymentIntent;
  refund: Stripe.Refund;
  refundsByPaymentIntent: Stripe.ApiList<Stripe.Refund>;
}

/** What payouts (accounts, onboarding, transfers, reversals, reconciliation) and recovery (refunds) send. */
async function callerScenario(stripe: Stripe, onboard: (accountId: string) => Promise<void>): Promise<Answers> {
  const account = await stripe.accounts.create(
    {
      type: 'express',
      country: 'US',
      email: 'ambassador@example.com',
      capabilities: { transfers: { requested: true } },
      metadata: { ambassador_id: 'amb_1', program_id: 'prog_1' },
    },
    { idempotencyKey: 'connect-account-amb_1' },
  );
  const accountLink = await stripe.accountLinks.create({
    account: account.id,
    type: 'account_onboarding',
    refresh_url: 'http://127.0.0.1:4000/payouts/onboarding/refresh',
    return_url: 'http://127.0.0.1:4000/payouts/onboarding/return',
  });
  await onboard(account.id);
  const from = Math.floor(Date.now() / 1000) - 60;
  const transfer = await stripe.transfers.create(
    { amount: 12_345, currency: 'usd', destination: account.id, transfer_group: 'payout-run-1', metadata: { payout_id: 'pay_1', ambassador_id: 'amb_1' } },
    { idempotencyKey: 'payout-pay_1' },
  );
  const transfersByGroup = await stripe.transfers.list({ transfer_group: 'payout-run-1', limit: 100 });
  const reversal = await stripe.transfers.createReversal(transfer.id, { amount: 345, metadata: { clawback_id: 'clw_1' } }, { idempotencyKey: 'clawback-clw_1' });
  const range = { gte: from, lte: Math.floor(Date.now() / 1000) + 60 };
  const balanceTransactions = await stripe.balanceTransactions.list({ created: range, limit: 1 });
  const nextBalanceTransactions = await stripe.balanceTransactions.list({
    created: range,
    limit: 100,
    starting_after: balanceTransactions.data[0].id,
  });
  const paymentIntent = await stripe.paymentIntents.create(
    { amount: 5_000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa', metadata: { order_id: 'ord_1' } },
    { idempotencyKey: 'order-ord_1' },
  );
  const refund = await stripe.refunds.create(
    { payment_intent: paymentIntent.id, amount: 1_500, reason: 'requested_by_customer', metadata: { claim_id: 'clm_1' } },
    { idempotencyKey: 'claim-clm_1-refund' },
  );
  const refundsByPaymentIntent = await stripe.refunds.list({ payment_intent: paymentIntent.id, limit: 10 });
  return { account, accountLink, transfer, transfersByGroup, reversal, balanceTransactions, nextBalanceTransactions, paymentIntent, refund, refundsByPaymentIntent };
}

/** The fields payouts and recovery read, with their types: the contract both backends keep. */
function expectContract(answers: Answers): void {
  const { account, accountLink, transfer, transfersByGroup, reversal, balanceTransactions, paymentIntent, refund, refundsByPaymentIntent } = answers;
  expect(account).toMatchObject({ object: 'account', id: expect.stringMatching(/^acct_/), charges_enabled: expect.any(Boolean), payouts_enabled: expect.any(Boolean), details_submitted: expect.any(Boolean) });
  expect(account.requirements).toEqual(expect.objectContaining({ currently_due: expect.any(Array) }));
  expect(accountLink).toMatchObject({ object: 'account_link', url: expect.stringMatching(/^https?:\/\//), expires_at: expect.any(Number) });
  expect(transfer).toMatchObject({
    object: 'transfer',
    id: expect.stringMatching(/^tr_/),
    amount: expect.any(Number),
    amount_reversed: expect.any(Number),
    currency: expect.any(String),
    destination: expect.any(String),
    balance_transaction: expect.any(String),
    created: expect.any(Number),
    metadata: expect.any(Object),
    reversed: expect.any(Boolean),
  });
  expect(transfersByGroup).toMatchObject({ object: 'list', data: expect.any(Array), has_more: expect.any(Boolean) });
  expect(transfersByGroup.data[0]).toMatchObject({ object: 'transfer', id: expect.any(String) });
  expect(reversal).toMatchObject({ object: 'transfer_reversal', id: expect.stringMatching(/^trr_/), amount: expect.any(Number), transfer: expect.any(String) });
  // Nullable in Stripe's spec (stripe-mock's fixture has null): callers must not rely on it.
  expect(reversal.balance_transaction === null || typeof reversal.balance_transaction === 'string').toBe(true);
  expect(balanceTransactions).toMatchObject({ object: 'list', has_more: expect.any(Boolean) });
  for (const transaction of [...balanceTransactions.data, ...answers.nextBalanceTransactions.data]) {
    expect(transaction).toMatchObject({
      object: 'balance_transaction',
      id: expect.stringMatching(/^txn_/),
      amount: expect.any(Number),
      fee: expect.any(Number),
      net: expect.any(Number),
      currency: expect.any(String),
      created: expect.any(Number),
      type: expect.any(String),
      reporting_category: expect.any(String),
    });
  }
  expect(paymentIntent).toMatchObject({ object: 'payment_intent', id: expect.stringMatching(/^pi_/), amount: expect.any(Number), currency: expect.any(String), status: expect.any(String) });
  expect(refund).toMatchObject({ object: 'refund', id: expect.stringMatching(/^re_/), amount: expect.any(Number), status: expect.any(String), currency: expect.any(String) });
  expect(refundsByPaymentIntent).toMatchObject({ object: 'list', data: expect.any(Array) });
}

function settingsFor(apiUrl: string): StripeSettings {
  return { secretKey: 'sk_test_contract', apiUrl, webhookSecret: 'whsec_contract', webhookToleranceSeconds: 300 };
}

describe('Stripe contract: the calls payouts and recovery make', () => {
  let stripeMock: RunningStripeMock;
  let emulator: StripeEmulator;

  beforeAll(async () => {
    stripeMock = await startStripeMock({ port: await freePort() });
    emulator = await startStripeEmulator({ log: () => undefined });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stripeMock?.stop(), emulator?.stop()]);
  });

  it('are accepted by stripe-mock, Stripe’s own request validator', async () => {
    const answers = await callerScenario(createStripeClient(settingsFor(stripeMock.url)), async () => undefined);
    expectContract(answers);
  });

  it('get answers of the same shape from the emulator, with its state behind them', async () => {
    const answers = await callerScenario(createStripeClient(settingsFor(emulator.url)), async (accountId) => emulator.completeOnboarding(accountId));
    expectContract(answers);

    expect(answers.account).toMatchObject({ type: 'express', country: 'US', email: 'ambassador@example.com', payouts_enabled: false, metadata: { ambassador_id: 'amb_1' } });
    expect(answers.accountLink.url.startsWith(emulator.url)).toBe(true);
    expect(answers.transfer).toMatchObject({ amount: 12_345, currency: 'usd', destination: answers.account.id, transfer_group: 'payout-run-1', metadata: { payout_id: 'pay_1' } });
    expect(answers.transfersByGroup.data.map((transfer) => transfer.id)).toEqual([answers.transfer.id]);
    expect(answers.reversal).toMatchObject({ amount: 345, transfer: answers.transfer.id });
    // Newest first: the reversal's transfer_refund, then (next page) the transfer itself.
    expect(answers.balanceTransactions).toMatchObject({ has_more: true, data: [{ type: 'transfer_refund', amount: 345, source: answers.reversal.id }] });
    expect(answers.nextBalanceTransactions).toMatchObject({ has_more: false, data: [{ type: 'transfer', amount: -12_345, source: answers.transfer.id }] });
    expect(answers.paymentIntent).toMatchObject({ status: 'succeeded', amount_received: 5_000, latest_charge: expect.stringMatching(/^ch_/) });
    expect(answers.refund).toMatchObject({ amount: 1_500, status: 'succeeded', payment_intent: answers.paymentIntent.id, charge: answers.paymentIntent.latest_charge });
    expect(answers.refundsByPaymentIntent.data.map((refund) => refund.id)).toEqual([answers.refund.id]);
  });

  it('are refused alike by both when a parameter does not exist at Stripe', async () => {
    for (const url of [stripeMock.url, emulator.url]) {
      const stripe = createStripeClient(settingsFor(url));
      const call = stripe.transfers.create({ amount: 100, currency: 'usd', destination: 'acct_1', transfer_grup: 'typo' } as Stripe.TransferCreateParams);
      const error = await call.then(() => undefined, (failure: unknown) => failure as Stripe.errors.StripeError);
      expect(error).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
    }
  });
});
