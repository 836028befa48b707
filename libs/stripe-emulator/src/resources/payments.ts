import type { Params } from '../http/params';
import type { Router } from '../http/router';
import { invalidRequest, noSuch, refused, StripeApiError } from '../http/stripe-api-error';
import type { EmulatorStore, RequestOrigin, StripeObject } from '../store/emulator-store';
import { stripeId } from '../store/ids';
import { listOf } from './lists';

// Test payment methods that decline, as Stripe's test cards do; any other method succeeds.
const DECLINING_METHODS = new Set(['pm_card_chargeDeclined', 'pm_card_visa_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds']);

/** Stripe's standard card pricing: 2.9 % + 30 minor units, rounded. */
export function cardFee(amount: number): number {
  return Math.round((amount * 29) / 1000) + 30;
}

function createCharge(store: EmulatorStore, intent: StripeObject, origin: RequestOrigin): StripeObject {
  const amount = intent.amount as number;
  const currency = intent.currency as string;
  const id = stripeId('ch');
  const transaction = store.recordBalanceTransaction('charge', amount, currency, id, { fee: cardFee(amount), description: (intent.description as string | null) ?? null });
  const charge: StripeObject = {
    id,
    object: 'charge',
    amount,
    amount_captured: amount,
    amount_refunded: 0,
    balance_transaction: transaction.id,
    captured: true,
    created: store.now(),
    currency,
    customer: intent.customer ?? null,
    description: intent.description ?? null,
    disputed: false,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: { ...(intent.metadata as Record<string, string>) },
    outcome: { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: true,
    payment_intent: intent.id,
    payment_method: intent.payment_method,
    receipt_email: intent.receipt_email ?? null,
    refunded: false,
    status: 'succeeded',
    transfer_group: intent.transfer_group ?? null,
  };
  store.charges.insert(charge);
  store.emit('charge.succeeded', charge, origin);
  return charge;
}

function confirm(store: EmulatorStore, intent: StripeObject, origin: RequestOrigin): void {
  const method = (intent.payment_method as string | null) ?? 'pm_card_visa';
  intent.payment_method = method;
  if (DECLINING_METHODS.has(method)) {
    intent.status = 'requires_payment_method';
    intent.last_payment_error = { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', type: 'card_error' };
    store.emit('payment_intent.payment_failed', intent, origin);
    // Stripe keeps the declined attempt under the idempotency key: retrying it declines again.
    throw new StripeApiError(402, 'card_error', 'Your card was declined.', { code: 'card_declined', declineCode: 'generic_decline', stored: true });
  }
  const charge = createCharge(store, intent, origin);
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.latest_charge = charge.id;
  store.emit('payment_intent.succeeded', intent, origin);
}

function createPaymentIntent(store: EmulatorStore, params: Params, origin: RequestOrigin): StripeObject {
  const amount = params.integer('amount', { required: true, min: 1, max: 99_999_999 });
  const currency = params.currency()!;
  const shouldConfirm = params.boolean('confirm') ?? false;
  const paymentMethod = params.string('payment_method') ?? null;
  const paymentMethodTypes = params.stringList('payment_method_types') ?? ['card'];
  const automatic = params.object('automatic_payment_methods');
  const metadata = params.metadata() ?? {};
  const description = params.string('description') ?? null;
  const customer = params.string('customer') ?? null;
  const receiptEmail = params.string('receipt_email') ?? null;
  const transferGroup = params.string('transfer_group') ?? null;
  const statementDescriptor = params.string('statement_descriptor') ?? null;
  params.string('return_url');
  params.string('confirmation_method');
  params.string('capture_method');
  params.boolean('off_session');
  params.object('payment_method_options');
  params.object('payment_method_data');
  params.object('transfer_data');
  params.rejectUnknown();

  const intent: StripeObject = {
    id: stripeId('pi'),
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_received: 0,
    automatic_payment_methods: automatic ? { allow_redirects: 'never', enabled: automatic.enabled === 'true' } : null,
    canceled_at: null,
    capture_method: 'automatic',
    client_secret: `${stripeId('pi')}_secret_${stripeId('x').slice(2)}`,
    confirmation_method: 'automatic',
    created: store.now(),
    currency,
    customer,
    description,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata,
    payment_method: paymentMethod,
    payment_method_types: paymentMethodTypes,
    receipt_email: receiptEmail,
    statement_descriptor: statementDescriptor,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_group: transferGroup,
  };
  store.paymentIntents.insert(intent);
  store.emit('payment_intent.created', intent, origin);
  if (shouldConfirm) confirm(store, intent, origin);
  return intent;
}

export function paymentIntentOrThrow(store: EmulatorStore, id: string, param = 'id'): StripeObject {
  const intent = store.paymentIntents.get(id);
  if (!intent) throw noSuch('payment_intent', id, param);
  return intent;
}

export function chargeOrThrow(store: EmulatorStore, id: string, param = 'id'): StripeObject {
  const charge = store.charges.get(id);
  if (!charge) throw noSuch('charge', id, param);
  return charge;
}

function createRefund(store: EmulatorStore, params: Params, origin: RequestOrigin): StripeObject {
  const paymentIntentId = params.string('payment_intent');
  const chargeId = params.string('charge');
  const requested = params.integer('amount', { min: 1 });
  const reason = params.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
  const metadata = params.metadata() ?? {};
  params.boolean('refund_application_fee');
  params.boolean('reverse_transfer');
  params.string('instructions_email');
  params.rejectUnknown();
  if (!paymentIntentId && !chargeId) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing', param: 'charge' });
  }

  let charge: StripeObject;
  if (chargeId) {
    charge = chargeOrThrow(store, chargeId, 'charge');
    if (paymentIntentId && charge.payment_intent !== paymentIntentId) {
      throw invalidRequest(`Charge ${chargeId} does not belong to PaymentIntent ${paymentIntentId}.`, { param: 'charge' });
    }
  } else {
    const intent = paymentIntentOrThrow(store, paymentIntentId!, 'payment_intent');
    if (!intent.latest_charge) {
      throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, { code: 'charge_not_refundable', param: 'payment_intent' });
    }
    charge = chargeOrThrow(store, intent.latest_charge as string, 'payment_intent');
  }

  const remaining = (charge.amount as number) - (charge.amount_refunded as number);
  if (remaining <= 0) throw refused(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded', param: 'charge' });
  const amount = requested ?? remaining;
  if (amount > remaining) {
    throw refused(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, { code: 'amount_too_large', param: 'amount' });
  }

  const id = stripeId('re');
  const currency = charge.currency as string;
  const transaction = store.recordBalanceTransaction('refund', -amount, currency, id, { description: 'REFUND FOR CHARGE' });
  const refund: StripeObject = {
    id,
    object: 'refund',
    amount,
    balance_transaction: transaction.id,
    charge: charge.id,
    created: store.now(),
    currency,
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata,
    payment_intent: charge.payment_intent ?? null,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  store.refunds.insert(refund);
  charge.amount_refunded = (charge.amount_refunded as number) + amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  store.emit('refund.created', refund, origin);
  store.emit('charge.refunded', charge, origin, { previousAttributes: { amount_refunded: (charge.amount_refunded as number) - amount, refunded: false } });
  return refund;
}

export function registerPayments(router: Router): void {
  router.add('POST', '/v1/payment_intents', ({ store, params, origin }) => createPaymentIntent(store, params, origin));
  router.add('GET', '/v1/payment_intents/:id', ({ store, params, pathParams }) => {
    params.string('client_secret');
    params.rejectUnknown();
    return paymentIntentOrThrow(store, pathParams.id);
  });
  router.add('POST', '/v1/payment_intents/:id/confirm', ({ store, params, pathParams, origin }) => {
    const intent = paymentIntentOrThrow(store, pathParams.id);
    const method = params.string('payment_method');
    params.string('return_url');
    params.rejectUnknown();
    if (intent.status === 'succeeded') {
      throw refused('You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.', {
        code: 'payment_intent_unexpected_state',
      });
    }
    if (method) intent.payment_method = method;
    confirm(store, intent, origin);
    return intent;
  });
  router.add('GET', '/v1/charges/:id', ({ store, params, pathParams }) => {
    params.rejectUnknown();
    return chargeOrThrow(store, pathParams.id);
  });

  router.add('POST', '/v1/refunds', ({ store, params, origin }) => createRefund(store, params, origin));
  router.add('GET', '/v1/refunds/:id', ({ store, params, pathParams }) => {
    params.rejectUnknown();
    const refund = store.refunds.get(pathParams.id);
    if (!refund) throw noSuch('refund', pathParams.id);
    return refund;
  });
  router.add('GET', '/v1/refunds', ({ store, params }) => {
    const page = params.page();
    const created = params.createdRange();
    const paymentIntent = params.string('payment_intent');
    const charge = params.string('charge');
    params.rejectUnknown();
    const where = paymentIntent ? (['payment_intent', paymentIntent] as const) : charge ? (['charge', charge] as const) : undefined;
    const filter = paymentIntent && charge ? (refund: StripeObject) => refund.charge === charge : undefined;
    return listOf('/v1/refunds', store.refunds.page({ ...page, created, where, filter }));
  });
}
