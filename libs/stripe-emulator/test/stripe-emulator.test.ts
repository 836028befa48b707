// The emulator's behaviour through the real SDK: idempotency as Stripe does it, money
// that never goes below zero, rate limits and injected faults that withStripeRetry gets
// through, signed webhooks, paging over many balance transactions, authentication.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Stripe, StripeSignatureError, verifyStripeWebhook, withStripeRetry } from '@streetteam/stripe';
import { waitFor } from '@streetteam/testing';
import { connectStripeEmulator, signatureHeader, StripeEmulator, startStripeEmulator } from '../src';
import { clientFor, onboardedAccount, settingsFor, webhookReceiver } from './emulator-test-kit';

async function failureOf(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error('expected the call to fail');
}

describe('Stripe emulator', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startStripeEmulator({ log: () => undefined });
    stripe = clientFor(emulator);
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  afterEach(() => emulator.faults.clear());

  describe('authentication', () => {
    it('answers 401 without a key, with a malformed key and with a live key', async () => {
      const bare = await fetch(`${emulator.url}/v1/balance`);
      expect(bare.status).toBe(401);
      expect(await bare.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('did not provide an API key') } });

      for (const key of ['pk_test_publishable', 'sk_live_realmoneykey123']) {
        const error = await failureOf(clientFor(emulator, key).balance.retrieve());
        expect(error).toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
      }
    });
  });

  describe('idempotency', () => {
    it('replays the first answer for the same key and parameters, once in the state', async () => {
      const account = await onboardedAccount(stripe, emulator);
      const params = { amount: 2_500, currency: 'usd', destination: account.id, transfer_group: 'idem-replay', metadata: { payout_id: 'p-replay' } };
      const first = await stripe.transfers.create(params, { idempotencyKey: 'payout-p-replay' });
      const again = await stripe.transfers.create(params, { idempotencyKey: 'payout-p-replay' });

      expect(again.id).toBe(first.id);
      expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
      expect(emulator.transfers().filter((transfer) => transfer.transfer_group === 'idem-replay')).toHaveLength(1);
    });

    it('refuses the same key with other parameters (idempotency_error)', async () => {
      const account = await onboardedAccount(stripe, emulator);
      await stripe.transfers.create({ amount: 100, currency: 'usd', destination: account.id }, { idempotencyKey: 'payout-conflict' });
      const error = await failureOf(stripe.transfers.create({ amount: 101, currency: 'usd', destination: account.id }, { idempotencyKey: 'payout-conflict' }));
      expect(error).toMatchObject({ type: 'StripeIdempotencyError', rawType: 'idempotency_error', statusCode: 400 });
      expect(error.message).toContain('same parameters');
    });

    it('replays a refused request too, but not one that failed validation', async () => {
      const account = await stripe.accounts.create({ type: 'express', country: 'US' });
      const params = { amount: 100, currency: 'usd', destination: account.id };
      const refused = await failureOf(stripe.transfers.create(params, { idempotencyKey: 'payout-not-onboarded' }));
      expect(refused).toMatchObject({ statusCode: 400, code: 'insufficient_capabilities_for_transfer', param: 'destination' });
      emulator.completeOnboarding(account.id);
      // Stripe keeps the refusal under its key: the same key gets the same answer.
      const replayed = await failureOf(stripe.transfers.create(params, { idempotencyKey: 'payout-not-onboarded' }));
      expect(replayed).toMatchObject({ code: 'insufficient_capabilities_for_transfer' });
      expect(replayed.headers?.['idempotent-replayed']).toBe('true');

      const invalid = await failureOf(stripe.transfers.create({ amount: 100, currency: 'usd' } as Stripe.TransferCreateParams, { idempotencyKey: 'payout-missing' }));
      expect(invalid).toMatchObject({ code: 'parameter_missing', param: 'destination' });
      const fixed = await stripe.transfers.create({ amount: 100, currency: 'usd', destination: account.id }, { idempotencyKey: 'payout-missing' });
      expect(fixed.object).toBe('transfer');
    });

    it('forgets keys after forgetIdempotencyKeys, as after 24 hours', async () => {
      const account = await onboardedAccount(stripe, emulator);
      const params = { amount: 700, currency: 'usd', destination: account.id, transfer_group: 'idem-forget' };
      const first = await stripe.transfers.create(params, { idempotencyKey: 'payout-forget' });
      emulator.forgetIdempotencyKeys();
      const second = await stripe.transfers.create(params, { idempotencyKey: 'payout-forget' });
      expect(second.id).not.toBe(first.id);
      expect(emulator.transfers().filter((transfer) => transfer.transfer_group === 'idem-forget')).toHaveLength(2);
    });

    it('forgets keys after idempotencyTtlMs', async () => {
      const shortLived = await startStripeEmulator({ idempotencyTtlMs: 50, log: () => undefined });
      try {
        const client = clientFor(shortLived);
        const first = await client.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: 'order-ttl' });
        const replay = await client.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: 'order-ttl' });
        expect(replay.id).toBe(first.id);
        const later = await waitFor(
          async () => {
            const intent = await client.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: 'order-ttl' });
            return intent.id !== first.id && intent;
          },
          { description: 'the key to be forgotten', timeoutMs: 5_000, intervalMs: 20 },
        );
        expect(later.id).not.toBe(first.id);
      } finally {
        await shortLived.stop();
      }
    });

    it('does not keep an injected failure: the retry with the same key executes once', async () => {
      const account = await onboardedAccount(stripe, emulator);
      emulator.faults.failNext(500);
      const params = { amount: 900, currency: 'usd', destination: account.id, transfer_group: 'idem-fault' };
      const failed = await failureOf(stripe.transfers.create(params, { idempotencyKey: 'payout-fault' }));
      expect(failed).toMatchObject({ type: 'StripeAPIError', statusCode: 500 });
      const transfer = await stripe.transfers.create(params, { idempotencyKey: 'payout-fault' });
      expect(transfer.lastResponse.headers['idempotent-replayed']).toBeUndefined();
      expect(emulator.transfers().filter((each) => each.transfer_group === 'idem-fault').map((each) => each.id)).toEqual([transfer.id]);
    });
  });

  describe('money never goes below what is left', () => {
    it('refunds a payment in parts and refuses more than remains', async () => {
      const intent = await stripe.paymentIntents.create({ amount: 10_000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' });
      expect(intent).toMatchObject({ status: 'succeeded', amount_received: 10_000 });
      await stripe.refunds.create({ payment_intent: intent.id, amount: 6_000 });
      const tooMuch = await failureOf(stripe.refunds.create({ payment_intent: intent.id, amount: 4_001 }));
      expect(tooMuch).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400, code: 'amount_too_large', param: 'amount' });
      const rest = await stripe.refunds.create({ charge: intent.latest_charge as string });
      expect(rest.amount).toBe(4_000);
      const none = await failureOf(stripe.refunds.create({ payment_intent: intent.id, amount: 1 }));
      expect(none).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });

      const refunds = await stripe.refunds.list({ payment_intent: intent.id });
      expect(refunds.data.map((refund) => refund.amount)).toEqual([4_000, 6_000]);
      const refundTransactions = emulator.balanceTransactions().filter((transaction) => refunds.data.some((refund) => refund.id === transaction.source));
      expect(refundTransactions.map((transaction) => [transaction.type, transaction.amount])).toEqual([
        ['refund', -6_000],
        ['refund', -4_000],
      ]);
      const retrieved = await stripe.refunds.retrieve(rest.id);
      expect(retrieved).toMatchObject({ status: 'succeeded', charge: intent.latest_charge, payment_intent: intent.id });
    });

    it('reverses a transfer in parts and never more than is left', async () => {
      const account = await onboardedAccount(stripe, emulator);
      const transfer = await stripe.transfers.create({ amount: 5_000, currency: 'usd', destination: account.id });
      const first = await stripe.transfers.createReversal(transfer.id, { amount: 2_000 });
      const tooMuch = await failureOf(stripe.transfers.createReversal(transfer.id, { amount: 3_001 }));
      expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
      const rest = await stripe.transfers.createReversal(transfer.id);
      expect(rest.amount).toBe(3_000);
      const none = await failureOf(stripe.transfers.createReversal(transfer.id, { amount: 1 }));
      expect(none).toMatchObject({ statusCode: 400 });

      const after = await stripe.transfers.retrieve(transfer.id);
      expect(after).toMatchObject({ amount_reversed: 5_000, reversed: true });
      // As on Stripe: the transfer line's source is the transfer, a reversal line's is the reversal.
      const sources = [transfer.id, first.id, rest.id];
      const movements = emulator.balanceTransactions().filter((transaction) => sources.includes(transaction.source as string));
      expect(movements.map((transaction) => [transaction.type, transaction.amount, transaction.source])).toEqual([
        ['transfer', -5_000, transfer.id],
        ['transfer_refund', 2_000, first.id],
        ['transfer_refund', 3_000, rest.id],
      ]);
      expect(first.balance_transaction).toBe(movements[1].id);
      const byReversal = await stripe.balanceTransactions.list({ source: rest.id } as Stripe.BalanceTransactionListParams);
      expect(byReversal.data.map((transaction) => transaction.type)).toEqual(['transfer_refund']);
    });

    it('refuses a transfer to an unknown, an unfinished or a restricted account', async () => {
      const unknown = await failureOf(stripe.transfers.create({ amount: 100, currency: 'usd', destination: 'acct_nobody' }));
      expect(unknown).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'destination' });
      const account = await onboardedAccount(stripe, emulator);
      emulator.restrictAccount(account.id, 'requirements.past_due');
      const restricted = await stripe.accounts.retrieve(account.id);
      expect(restricted).toMatchObject({ payouts_enabled: false, requirements: { disabled_reason: 'requirements.past_due' } });
      const refused = await failureOf(stripe.transfers.create({ amount: 100, currency: 'usd', destination: account.id }));
      expect(refused).toMatchObject({ statusCode: 400, code: 'insufficient_capabilities_for_transfer' });
    });
  });

  describe('rate limits and faults', () => {
    it('answers 429 rate_limit past the bucket, and withStripeRetry gets every call through', async () => {
      const limited = await startStripeEmulator({ rateLimitPerSecond: 5, log: () => undefined });
      try {
        const client = clientFor(limited);
        const burst = await Promise.allSettled(Array.from({ length: 30 }, () => client.balance.retrieve()));
        const refusals = burst.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
        expect(refusals.length).toBeGreaterThan(0);
        expect(refusals[0].reason).toMatchObject({ type: 'StripeRateLimitError', statusCode: 429, code: 'rate_limit' });
        expect(limited.stats().rateLimited).toBe(refusals.length);

        const retried = await Promise.all(Array.from({ length: 10 }, () => withStripeRetry(() => client.balance.retrieve(), { attempts: 30, baseDelayMs: 50, maxDelayMs: 400 })));
        expect(retried.every((balance) => balance.object === 'balance')).toBe(true);
      } finally {
        await limited.stop();
      }
    });

    it('fails the next calls as injected, counts them, and withStripeRetry gets through', async () => {
      const before = emulator.stats();
      emulator.faults.failNext(429);
      expect(await failureOf(stripe.balance.retrieve())).toMatchObject({ type: 'StripeRateLimitError', statusCode: 429 });
      emulator.faults.failNext(502);
      emulator.faults.failNext(503, 2);
      const balance = await withStripeRetry(() => stripe.balance.retrieve(), { baseDelayMs: 5 });
      expect(balance.object).toBe('balance');
      const after = emulator.stats();
      expect(after.injectedFailures - before.injectedFailures).toBe(4);
      expect(after.requests - before.requests).toBe(5);
    });

    it('delays answers and clears faults on demand', async () => {
      emulator.faults.delay(2_000);
      const slow = clientFor(emulator);
      const timedOut = await failureOf(
        new Stripe(settingsFor(emulator).secretKey, { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0, timeout: 100 }).balance.retrieve(),
      );
      expect(timedOut).toMatchObject({ type: 'StripeConnectionError' });
      emulator.faults.clear();
      expect((await slow.balance.retrieve()).object).toBe('balance');
    });
  });

  describe('webhooks', () => {
    it('POSTs signed events that verifyStripeWebhook accepts, in order per object', async () => {
      const receiver = await webhookReceiver();
      const hooked = await startStripeEmulator({ webhookUrls: [receiver.url], log: () => undefined });
      try {
        const client = clientFor(hooked);
        const settings = settingsFor(hooked);
        const account = await onboardedAccount(client, hooked);
        const transfer = await client.transfers.create({ amount: 3_000, currency: 'usd', destination: account.id });
        for (const amount of [500, 700, 900]) await client.transfers.createReversal(transfer.id, { amount });

        const events = await waitFor(
          async () => {
            const verified = receiver.received.map((hook) => verifyStripeWebhook(client, hook.rawBody, hook.signature, settings));
            return verified.length >= 5 && verified;
          },
          { description: 'five webhooks', timeoutMs: 10_000 },
        );
        expect(events.map((event) => event.type)).toEqual(['account.updated', 'transfer.created', 'transfer.reversed', 'transfer.reversed', 'transfer.reversed']);
        const onboarding = events[0] as Stripe.AccountUpdatedEvent;
        expect(onboarding.account).toBe(account.id);
        expect(onboarding.data.object).toMatchObject({ id: account.id, payouts_enabled: true, details_submitted: true });
        const reversed = events.slice(2).map((event) => (event.data.object as Stripe.Transfer).amount_reversed);
        expect(reversed).toEqual([500, 1_200, 2_100]);
      } finally {
        await hooked.stop();
        await receiver.close();
      }
    });

    it('sends Connect payout events with the account, and refund events', async () => {
      const receiver = await webhookReceiver();
      const hooked = await startStripeEmulator({ log: () => undefined });
      try {
        hooked.setWebhookUrls([receiver.url]);
        const client = clientFor(hooked);
        const settings = settingsFor(hooked);
        const account = await onboardedAccount(client, hooked);
        await client.transfers.create({ amount: 4_200, currency: 'usd', destination: account.id });
        hooked.payoutPaid(account.id);
        hooked.payoutFailed(account.id, 'account_closed');
        const intent = await client.paymentIntents.create({ amount: 1_000, currency: 'usd', confirm: true });
        await client.refunds.create({ payment_intent: intent.id, amount: 250 });

        const types = ['payout.paid', 'payout.failed', 'refund.created', 'charge.refunded'];
        const events = await waitFor(
          async () => {
            const verified = receiver.received.map((hook) => verifyStripeWebhook(client, hook.rawBody, hook.signature, settings));
            const wanted = verified.filter((event) => types.includes(event.type));
            return wanted.length === 4 && wanted;
          },
          { description: 'payout and refund webhooks', timeoutMs: 10_000 },
        );
        const paid = events.find((event) => event.type === 'payout.paid') as Stripe.PayoutPaidEvent;
        expect(paid.account).toBe(account.id);
        expect(paid.data.object).toMatchObject({ object: 'payout', status: 'paid', amount: 4_200, currency: 'usd' });
        const failed = events.find((event) => event.type === 'payout.failed') as Stripe.PayoutFailedEvent;
        expect(failed).toMatchObject({ account: account.id, data: { object: { status: 'failed', failure_code: 'account_closed' } } });
        const refunded = events.find((event) => event.type === 'charge.refunded') as Stripe.ChargeRefundedEvent;
        expect(refunded.data.object).toMatchObject({ amount_refunded: 250, refunded: false, payment_intent: intent.id });
      } finally {
        await hooked.stop();
        await receiver.close();
      }
    });

    it('retries a failed delivery with backoff', async () => {
      const receiver = await webhookReceiver({ failFirst: 2 });
      const hooked = await startStripeEmulator({ webhookUrls: [receiver.url], webhookRetryDelayMs: 20, log: () => undefined });
      try {
        const client = clientFor(hooked);
        await client.accounts.create({ type: 'express', country: 'US' }).then((account) => hooked.completeOnboarding(account.id));
        await waitFor(async () => receiver.received.length === 1, { description: 'the delivery after two failures' });
        expect(receiver.attempts()).toBe(3);
        expect(hooked.webhookStats()).toMatchObject({ delivered: 1, failedAttempts: 2, abandoned: 0 });
      } finally {
        await hooked.stop();
        await receiver.close();
      }
    });

    it('abandons a delivery after its last attempt, and goes on with the next events', async () => {
      const receiver = await webhookReceiver({ failFirst: 2 });
      const hooked = await startStripeEmulator({ webhookUrls: [receiver.url], webhookAttempts: 2, webhookRetryDelayMs: 10, log: () => undefined });
      try {
        const client = clientFor(hooked);
        const account = await client.accounts.create({ type: 'express', country: 'US' });
        hooked.completeOnboarding(account.id);
        await waitFor(async () => hooked.webhookStats().abandoned === 1, { description: 'the first delivery to be abandoned' });
        hooked.restrictAccount(account.id);
        await waitFor(async () => receiver.received.length === 1, { description: 'the next event to arrive' });
        expect(receiver.attempts()).toBe(3);
        expect(hooked.webhookStats()).toEqual({ delivered: 1, failedAttempts: 2, abandoned: 1 });
      } finally {
        await hooked.stop();
        await receiver.close();
      }
    });

    it('gives signatures verifyStripeWebhook refuses when tampered with or too old', async () => {
      const receiver = await webhookReceiver();
      const hooked = await startStripeEmulator({ webhookUrls: [receiver.url], log: () => undefined });
      try {
        const client = clientFor(hooked);
        const settings = settingsFor(hooked);
        const account = await client.accounts.create({ type: 'express', country: 'US' });
        hooked.completeOnboarding(account.id);
        const [hook] = await waitFor(async () => receiver.received.length > 0 && receiver.received, { description: 'one webhook' });
        expect(verifyStripeWebhook(client, hook.rawBody, hook.signature, settings).type).toBe('account.updated');

        const tampered = Buffer.from(hook.rawBody.toString('utf8').replace('"payouts_enabled": true', '"payouts_enabled": false'));
        expect(tampered.equals(hook.rawBody)).toBe(false);
        expect(() => verifyStripeWebhook(client, tampered, hook.signature, settings)).toThrow(StripeSignatureError);

        const old = signatureHeader(hook.rawBody.toString('utf8'), hooked.webhookSecret, Math.floor(Date.now() / 1000) - settings.webhookToleranceSeconds - 10);
        expect(() => verifyStripeWebhook(client, hook.rawBody, old, settings)).toThrow(/tolerance/);
        expect(() => verifyStripeWebhook(client, hook.rawBody, hook.signature, { ...settings, webhookSecret: 'whsec_someone_else' })).toThrow(StripeSignatureError);
      } finally {
        await hooked.stop();
        await receiver.close();
      }
    });
  });

  describe('lists', () => {
    it('pages over many balance transactions, each exactly once, newest first', async () => {
      const big = await startStripeEmulator({ log: () => undefined });
      try {
        const client = clientFor(big);
        big.seedBalanceTransactions(2_345);
        const account = await onboardedAccount(client, big);
        const transfer = await client.transfers.create({ amount: 100, currency: 'usd', destination: account.id });

        const seen: string[] = [];
        let startingAfter: string | undefined;
        let pages = 0;
        for (;;) {
          const page = await client.balanceTransactions.list({ limit: 100, ...(startingAfter ? { starting_after: startingAfter } : {}) });
          pages += 1;
          seen.push(...page.data.map((transaction) => transaction.id));
          if (!page.has_more) break;
          startingAfter = page.data[page.data.length - 1].id;
        }
        expect(pages).toBe(24);
        expect(seen).toHaveLength(2_346);
        expect(new Set(seen).size).toBe(2_346);
        expect(seen[0]).toBe(transfer.balance_transaction);
        expect(seen).toEqual(big.balanceTransactions().map((transaction) => transaction.id).reverse());

        const byType = await client.balanceTransactions.list({ type: 'transfer', limit: 100 });
        expect(byType.data.map((transaction) => transaction.source)).toEqual([transfer.id]);
        const future = Math.floor(Date.now() / 1000) + 3_600;
        expect((await client.balanceTransactions.list({ created: { gte: future } })).data).toEqual([]);
        const retrieved = await client.balanceTransactions.retrieve(transfer.balance_transaction as string);
        expect(retrieved).toMatchObject({ type: 'transfer', amount: -100, net: -100, source: transfer.id });
      } finally {
        await big.stop();
      }
    });

    it('lists transfers by transfer_group and destination with cursor paging', async () => {
      const account = await onboardedAccount(stripe, emulator);
      const other = await onboardedAccount(stripe, emulator);
      const made: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const transfer = await stripe.transfers.create({ amount: 100 + i, currency: 'usd', destination: i % 2 === 0 ? account.id : other.id, transfer_group: 'list-run' });
        made.push(transfer.id);
      }
      const first = await stripe.transfers.list({ transfer_group: 'list-run', limit: 4 });
      const second = await stripe.transfers.list({ transfer_group: 'list-run', limit: 4, starting_after: first.data[3].id });
      expect(first.has_more).toBe(true);
      expect(second.has_more).toBe(false);
      expect([...first.data, ...second.data].map((transfer) => transfer.id)).toEqual([...made].reverse());
      const toAccount = await stripe.transfers.list({ destination: account.id, transfer_group: 'list-run' });
      expect(toAccount.data).toHaveLength(4);
      const autoPaged: string[] = [];
      for await (const transfer of stripe.transfers.list({ transfer_group: 'list-run', limit: 2 })) autoPaged.push(transfer.id);
      expect(autoPaged).toEqual([...made].reverse());
    });

    it('lists and retrieves events by type, newest first', async () => {
      const account = await onboardedAccount(stripe, emulator);
      const transfer = await stripe.transfers.create({ amount: 4_321, currency: 'usd', destination: account.id });
      const created = await stripe.events.list({ type: 'transfer.created', limit: 1 });
      expect(created.data[0]).toMatchObject({ object: 'event', type: 'transfer.created', data: { object: { id: transfer.id, amount: 4_321 } } });
      expect(created.data[0].request).toMatchObject({ id: expect.stringMatching(/^req_/) });
      const retrieved = await stripe.events.retrieve(created.data[0].id);
      expect(retrieved.id).toBe(created.data[0].id);
      const transfersOnly = await stripe.events.list({ type: 'transfer.*', limit: 100 });
      expect(transfersOnly.data.every((event) => event.type.startsWith('transfer.'))).toBe(true);
      expect(await failureOf(stripe.events.retrieve('evt_missing'))).toMatchObject({ statusCode: 404 });
    });

    it('answers 404 resource_missing for an unknown object and 400 for an unknown parameter', async () => {
      expect(await failureOf(stripe.transfers.retrieve('tr_missing'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
      const unknown = await failureOf(stripe.accounts.create({ type: 'express', colour: 'blue' } as Stripe.AccountCreateParams));
      expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour' });
      const bad = await failureOf(stripe.transfers.list({ limit: 101 }));
      expect(bad).toMatchObject({ statusCode: 400, param: 'limit' });
    });
  });

  describe('state file', () => {
    it('keeps accounts, money, events and idempotency keys from one run to the next', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'stripe-emulator-state-'));
      const stateFile = path.join(dir, 'state.json');
      try {
        const first = await startStripeEmulator({ stateFile, log: () => undefined });
        const client = clientFor(first);
        const account = await onboardedAccount(client, first);
        const params = { amount: 800, currency: 'usd', destination: account.id, transfer_group: 'kept' };
        const transfer = await client.transfers.create(params, { idempotencyKey: 'payout-kept' });
        await client.transfers.createReversal(transfer.id, { amount: 300 });
        const intent = await client.paymentIntents.create({ amount: 2_000, currency: 'eur', confirm: true });
        await client.refunds.create({ payment_intent: intent.id, amount: 500 });
        const before = first.balanceTransactions();
        await first.stop();

        const second = await startStripeEmulator({ stateFile, log: () => undefined });
        try {
          const again = clientFor(second);
          expect(await again.accounts.retrieve(account.id)).toMatchObject({ payouts_enabled: true });
          expect(await again.transfers.retrieve(transfer.id)).toMatchObject({ amount_reversed: 300 });
          const replay = await again.transfers.create(params, { idempotencyKey: 'payout-kept' });
          expect(replay.id).toBe(transfer.id);
          expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
          expect((await again.refunds.list({ payment_intent: intent.id })).data.map((refund) => refund.amount)).toEqual([500]);
          expect(second.balanceTransactions()).toEqual(before);
          const next = await again.transfers.create({ amount: 100, currency: 'usd', destination: account.id, transfer_group: 'kept' });
          expect((await again.transfers.list({ transfer_group: 'kept' })).data.map((each) => each.id)).toEqual([next.id, transfer.id]);
          expect((await again.events.list({ type: 'transfer.created' })).data).toHaveLength(2);
        } finally {
          await second.stop();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('onboarding and control endpoints', () => {
    it('completes onboarding when the account link is opened', async () => {
      const account = await stripe.accounts.create({ type: 'express', country: 'FR', email: 'fr@example.com' });
      expect(account).toMatchObject({ default_currency: 'eur', details_submitted: false, payouts_enabled: false });
      const link = await stripe.accountLinks.create({ account: account.id, type: 'account_onboarding', return_url: 'http://127.0.0.1:4000/done' });
      const page = await fetch(link.url, { headers: { accept: 'application/json' } });
      expect(await page.json()).toEqual({ account: account.id, onboarded: true, return_url: 'http://127.0.0.1:4000/done' });
      expect(await stripe.accounts.retrieve(account.id)).toMatchObject({ details_submitted: true, payouts_enabled: true, charges_enabled: true });
      expect((await fetch(link.url)).status).toBe(404);
    });

    it('drives a running emulator over HTTP', async () => {
      const control = (path: string, body?: unknown) =>
        fetch(`${emulator.url}/_emulator${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const account = await stripe.accounts.create({ type: 'express', country: 'US' });
      expect((await control(`/accounts/${account.id}/complete-onboarding`, {})).status).toBe(200);
      expect((await stripe.accounts.retrieve(account.id)).payouts_enabled).toBe(true);

      expect((await control('/faults/fail-next', { status: 503, count: 1 })).status).toBe(200);
      expect(await failureOf(stripe.balance.retrieve())).toMatchObject({ statusCode: 503 });
      const refusedFault = await control('/faults/fail-next', { status: 404 });
      expect(refusedFault.status).toBe(400);
      expect(await refusedFault.json()).toMatchObject({ error: { field: 'status' } });

      await stripe.transfers.create({ amount: 321, currency: 'usd', destination: account.id, transfer_group: 'control-run' });
      const transfers = (await (await control('/transfers?limit=5')).json()) as { total: number; data: Stripe.Transfer[] };
      expect(transfers.data.some((transfer) => transfer.transfer_group === 'control-run')).toBe(true);
      const stats = (await (await control('/stats')).json()) as { requests: number; injectedFailures: number };
      expect(stats.injectedFailures).toBeGreaterThan(0);
      expect((await control(`/accounts/acct_nobody/restrict`, {})).status).toBe(404);
      expect((await control('/webhooks', { urls: ['not a url'] })).status).toBe(400);
    });

    it('is driven from another process with connectStripeEmulator', async () => {
      const remote = connectStripeEmulator(emulator.url);
      const account = await stripe.accounts.create({ type: 'express', country: 'US' });
      await remote.completeOnboarding(account.id);
      await stripe.transfers.create({ amount: 1_234, currency: 'usd', destination: account.id, transfer_group: 'remote-run' });
      expect((await remote.transfers(10)).some((transfer) => transfer.transfer_group === 'remote-run')).toBe(true);
      await remote.restrictAccount(account.id, 'rejected.fraud');
      expect((await stripe.accounts.retrieve(account.id)).requirements?.disabled_reason).toBe('rejected.fraud');

      await remote.faults.failNext(502, 1);
      expect(await failureOf(stripe.balance.retrieve())).toMatchObject({ statusCode: 502 });
      const before = (await remote.balanceTransactions(100_000)).length;
      await remote.seedBalanceTransactions(10, { type: 'charge', amount: 500 });
      expect((await remote.balanceTransactions(100_000)).length).toBe(before + 10);
      expect((await remote.stats()).injectedFailures).toBeGreaterThan(0);
      await expect(remote.payoutPaid('acct_nobody')).rejects.toThrow(/no such account/);
    });
  });
});
