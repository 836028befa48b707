import type { Router } from '../http/router';
import { noSuch } from '../http/stripe-api-error';
import type { BalanceTransactionRecord } from '../store/balance-transaction';
import type { EmulatorStore, RequestOrigin, StripeEventRecord, StripeObject } from '../store/emulator-store';
import { stripeId } from '../store/ids';
import { accountOrThrow } from './accounts';
import { listOf } from './lists';

const BALANCE_TRANSACTION_TYPES = ['adjustment', 'charge', 'payout', 'refund', 'transfer', 'transfer_refund'] as const;

function balanceOf(store: EmulatorStore): Record<string, unknown> {
  const available = [...store.platformBalance.entries()].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
  return {
    object: 'balance',
    available: available.length > 0 ? available : [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
    connect_reserved: [],
    livemode: false,
    pending: available.map(({ currency }) => ({ amount: 0, currency, source_types: { card: 0 } })),
  };
}

/**
 * A payout of the connected account's whole balance in `currency` (its default when
 * unset) that has reached the bank (`paid`) or bounced (`failed`, the money back on the
 * balance), announced as a Connect event (`event.account` set), as Stripe does.
 */
export function settlePayout(
  store: EmulatorStore,
  accountId: string,
  outcome: { status: 'paid' } | { status: 'failed'; failureCode: string },
  origin: RequestOrigin,
): StripeObject {
  const account = accountOrThrow(store, accountId);
  const balances = store.connectedBalances.get(account.id) ?? new Map<string, number>();
  const currency = [...balances.entries()].find(([, amount]) => amount > 0)?.[0] ?? (account.default_currency as string);
  const amount = Math.max(0, balances.get(currency) ?? 0);
  const created = store.now();
  const failed = outcome.status === 'failed';
  if (!failed) store.moveConnectedBalance(account.id, currency, -amount);
  const payout: StripeObject = {
    id: stripeId('po'),
    object: 'payout',
    account: account.id,
    amount,
    arrival_date: created,
    automatic: true,
    balance_transaction: stripeId('txn'),
    created,
    currency,
    description: 'STRIPE PAYOUT',
    destination: stripeId('ba'),
    failure_balance_transaction: failed ? stripeId('txn') : null,
    failure_code: failed ? outcome.failureCode : null,
    failure_message: failed ? failureMessage(outcome.failureCode) : null,
    livemode: false,
    metadata: {},
    method: 'standard',
    reconciliation_status: 'completed',
    source_type: 'card',
    statement_descriptor: null,
    status: outcome.status,
    type: 'bank_account',
  };
  store.payouts.insert(payout);
  const { account: _owner, ...wire } = payout;
  store.emit(failed ? 'payout.failed' : 'payout.paid', wire, origin, { account: account.id });
  return payout;
}

function failureMessage(code: string): string {
  switch (code) {
    case 'account_closed':
      return 'The bank account has been closed.';
    case 'no_account':
      return 'The bank account details on file are probably incorrect.';
    case 'insufficient_funds':
      return 'Your Stripe account has insufficient funds to cover the payout.';
    default:
      return `The payout failed (${code}).`;
  }
}

export function registerBalance(router: Router): void {
  router.add('GET', '/v1/balance', ({ store, params }) => {
    params.rejectUnknown();
    return balanceOf(store);
  });

  router.add('GET', '/v1/balance_transactions', ({ store, params }) => {
    const page = params.page();
    const created = params.createdRange();
    const type = params.oneOf('type', BALANCE_TRANSACTION_TYPES);
    const source = params.string('source');
    const currency = params.currency('currency', { required: false });
    params.string('payout');
    params.rejectUnknown();
    const where = source ? (['source', source] as const) : type ? (['type', type] as const) : undefined;
    const checks: ((transaction: BalanceTransactionRecord) => boolean)[] = [];
    if (source && type) checks.push((transaction) => transaction.type === type);
    if (currency) checks.push((transaction) => transaction.currency === currency);
    const filter = checks.length > 0 ? (transaction: BalanceTransactionRecord) => checks.every((check) => check(transaction)) : undefined;
    return listOf('/v1/balance_transactions', store.balanceTransactions.page({ ...page, created, where, filter }));
  });

  router.add('GET', '/v1/balance_transactions/:id', ({ store, params, pathParams }) => {
    params.rejectUnknown();
    const transaction = store.balanceTransactions.get(pathParams.id);
    if (!transaction) throw noSuch('balance transaction', pathParams.id);
    return transaction;
  });

  router.add('GET', '/v1/events', ({ store, params }) => {
    const page = params.page();
    const created = params.createdRange();
    const type = params.string('type');
    const types = params.stringList('types');
    params.boolean('delivery_success');
    params.rejectUnknown();
    // `type` may end in `.*` (Stripe's wildcard); an exact type uses the index.
    const exact = type && !type.includes('*') ? type : undefined;
    const prefix = type && type.endsWith('.*') ? type.slice(0, -1) : undefined;
    const filter =
      types || prefix ? (event: StripeEventRecord) => (!types || types.includes(event.type)) && (!prefix || event.type.startsWith(prefix)) : undefined;
    return listOf('/v1/events', store.events.page({ ...page, created, where: exact ? ['type', exact] : undefined, filter }));
  });

  router.add('GET', '/v1/events/:id', ({ store, params, pathParams }) => {
    params.rejectUnknown();
    const event = store.events.get(pathParams.id);
    if (!event) throw noSuch('event', pathParams.id);
    return event;
  });
}
