import type { Params } from '../http/params';
import type { Router } from '../http/router';
import { invalidRequest, noSuch, refused } from '../http/stripe-api-error';
import type { EmulatorStore, RequestOrigin, StripeObject } from '../store/emulator-store';
import { stripeId } from '../store/ids';
import { listOf } from './lists';

const EMBEDDED_REVERSALS = 10;

function transferOrThrow(store: EmulatorStore, id: string): StripeObject {
  const transfer = store.transfers.get(id);
  if (!transfer) throw noSuch('transfer', id);
  return transfer;
}

function reversalsList(store: EmulatorStore, transfer: StripeObject): Record<string, unknown> {
  const all = store.reversals.allWhere('transfer', transfer.id);
  return {
    object: 'list',
    data: all.slice(-EMBEDDED_REVERSALS).reverse(),
    has_more: all.length > EMBEDDED_REVERSALS,
    total_count: all.length,
    url: `/v1/transfers/${transfer.id}/reversals`,
  };
}

function createTransfer(store: EmulatorStore, params: Params, origin: RequestOrigin): StripeObject {
  const amount = params.integer('amount', { required: true, min: 1 });
  const currency = params.currency()!;
  const destinationId = params.string('destination', { required: true });
  const transferGroup = params.string('transfer_group') ?? null;
  const metadata = params.metadata() ?? {};
  const description = params.string('description') ?? null;
  const sourceTransaction = params.string('source_transaction') ?? null;
  const sourceType = params.oneOf('source_type', ['bank_account', 'card', 'fpx'] as const) ?? 'card';
  params.rejectUnknown();

  const destination = store.accounts.get(destinationId);
  if (!destination) throw invalidRequest(`No such destination: '${destinationId}'`, { code: 'resource_missing', param: 'destination' });
  const capabilities = destination.capabilities as Record<string, string>;
  if (capabilities.transfers !== 'active' || destination.payouts_enabled !== true) {
    throw refused(
      'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
      { code: 'insufficient_capabilities_for_transfer', param: 'destination' },
    );
  }
  if (sourceTransaction && !store.charges.has(sourceTransaction)) {
    throw invalidRequest(`No such charge: '${sourceTransaction}'`, { code: 'resource_missing', param: 'source_transaction' });
  }
  if (store.enforcePlatformBalance && (store.platformBalance.get(currency) ?? 0) < amount) {
    throw refused(
      'You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.',
      { code: 'balance_insufficient' },
    );
  }

  const id = stripeId('tr');
  const transaction = store.recordBalanceTransaction('transfer', -amount, currency, id, { description });
  store.moveConnectedBalance(destination.id, currency, amount);
  const transfer: StripeObject = {
    id,
    object: 'transfer',
    amount,
    amount_reversed: 0,
    balance_transaction: transaction.id,
    created: store.now(),
    currency,
    description,
    destination: destination.id,
    destination_payment: stripeId('py'),
    livemode: false,
    metadata,
    reversals: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: sourceTransaction,
    source_type: sourceType,
    transfer_group: transferGroup,
  };
  store.transfers.insert(transfer);
  store.emit('transfer.created', transfer, origin);
  return transfer;
}

function createReversal(store: EmulatorStore, transfer: StripeObject, params: Params, origin: RequestOrigin): StripeObject {
  const requested = params.integer('amount', { min: 1 });
  const description = params.string('description') ?? null;
  const metadata = params.metadata() ?? {};
  params.boolean('refund_application_fee');
  params.rejectUnknown();

  const remaining = (transfer.amount as number) - (transfer.amount_reversed as number);
  if (remaining <= 0) throw refused(`Transfer ${transfer.id} has already been fully reversed.`, { code: 'amount_too_large', param: 'amount' });
  const amount = requested ?? remaining;
  if (amount > remaining) {
    throw refused(`The amount (${amount}) is greater than the amount not yet reversed on transfer ${transfer.id} (${remaining}).`, {
      code: 'amount_too_large',
      param: 'amount',
    });
  }
  const currency = transfer.currency as string;
  const id = stripeId('trr');
  // As on Stripe: a transfer_refund balance transaction's source is the reversal (trr_…),
  // which names its transfer.
  const transaction = store.recordBalanceTransaction('transfer_refund', amount, currency, id, { description });
  store.moveConnectedBalance(transfer.destination as string, currency, -amount);
  const reversal: StripeObject = {
    id,
    object: 'transfer_reversal',
    amount,
    balance_transaction: transaction.id,
    created: store.now(),
    currency,
    destination_payment_refund: stripeId('pyr'),
    metadata,
    source_refund: null,
    transfer: transfer.id,
  };
  store.reversals.insert(reversal);
  const previous = { amount_reversed: transfer.amount_reversed, reversed: transfer.reversed };
  transfer.amount_reversed = (transfer.amount_reversed as number) + amount;
  transfer.reversed = transfer.amount_reversed === transfer.amount;
  transfer.reversals = reversalsList(store, transfer);
  store.emit('transfer.reversed', transfer, origin, { previousAttributes: previous });
  return reversal;
}

export function registerTransfers(router: Router): void {
  router.add('POST', '/v1/transfers', ({ store, params, origin }) => createTransfer(store, params, origin));
  router.add('GET', '/v1/transfers/:id', ({ store, params, pathParams }) => {
    params.rejectUnknown();
    return transferOrThrow(store, pathParams.id);
  });
  router.add('POST', '/v1/transfers/:id', ({ store, params, pathParams, origin }) => {
    const transfer = transferOrThrow(store, pathParams.id);
    const description = params.string('description');
    const metadata = params.metadata();
    params.rejectUnknown();
    if (description !== undefined) transfer.description = description;
    if (metadata) {
      const current = transfer.metadata as Record<string, string>;
      for (const [key, value] of Object.entries(metadata)) {
        if (value === '') delete current[key];
        else current[key] = value;
      }
    }
    store.emit('transfer.updated', transfer, origin);
    return transfer;
  });
  router.add('GET', '/v1/transfers', ({ store, params }) => {
    const page = params.page();
    const created = params.createdRange();
    const transferGroup = params.string('transfer_group');
    const destination = params.string('destination');
    params.rejectUnknown();
    const where = transferGroup ? (['transfer_group', transferGroup] as const) : destination ? (['destination', destination] as const) : undefined;
    const filter = transferGroup && destination ? (transfer: StripeObject) => transfer.destination === destination : undefined;
    return listOf('/v1/transfers', store.transfers.page({ ...page, created, where, filter }));
  });
  router.add('POST', '/v1/transfers/:id/reversals', ({ store, params, pathParams, origin }) =>
    createReversal(store, transferOrThrow(store, pathParams.id), params, origin),
  );
  router.add('GET', '/v1/transfers/:id/reversals', ({ store, params, pathParams }) => {
    const transfer = transferOrThrow(store, pathParams.id);
    const page = params.page();
    params.rejectUnknown();
    return listOf(`/v1/transfers/${transfer.id}/reversals`, store.reversals.page({ ...page, where: ['transfer', transfer.id] }));
  });
  router.add('GET', '/v1/transfers/:transfer/reversals/:id', ({ store, params, pathParams }) => {
    params.rejectUnknown();
    const reversal = store.reversals.get(pathParams.id);
    if (!reversal || reversal.transfer !== pathParams.transfer) throw noSuch('transfer_reversal', pathParams.id);
    return reversal;
  });
}
