import { BalanceTransactionRecord, BalanceTransactionType } from './balance-transaction';
import { Clock } from './clock';
import { stripeId } from './ids';
import { OrderedCollection, Stored } from './ordered-collection';

/** A Stripe object as the emulator keeps it: Stripe's JSON shape, mutable in place. */
export interface StripeObject extends Stored {
  object: string;
  [field: string]: unknown;
}

export interface StripeEventRecord extends Stored {
  object: 'event';
  type: string;
  account?: string;
  api_version: string;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
}

/** Who asked for a change, copied into its event's `request`. */
export interface RequestOrigin {
  requestId: string | null;
  idempotencyKey: string | null;
  apiVersion: string;
}

export const DEFAULT_API_VERSION = '2026-10-28.endive';

/** Origin of a change made from the control side (onboarding, payouts): no API request. */
export const CONTROL_ORIGIN: RequestOrigin = { requestId: null, idempotencyKey: null, apiVersion: DEFAULT_API_VERSION };

/** Everything the emulator knows; the resources change it, the server reads it. */
export class EmulatorStore {
  readonly clock = new Clock();
  readonly accounts = new OrderedCollection<StripeObject>();
  readonly accountLinks = new Map<string, { account: string; expiresAt: number; returnUrl: string | null; refreshUrl: string | null }>();
  readonly paymentIntents = new OrderedCollection<StripeObject>();
  readonly charges = new OrderedCollection<StripeObject>({ payment_intent: (charge) => charge.payment_intent as string | null });
  readonly refunds = new OrderedCollection<StripeObject>({
    payment_intent: (refund) => refund.payment_intent as string | null,
    charge: (refund) => refund.charge as string | null,
  });
  readonly transfers = new OrderedCollection<StripeObject>({
    transfer_group: (transfer) => transfer.transfer_group as string | null,
    destination: (transfer) => transfer.destination as string,
  });
  readonly reversals = new OrderedCollection<StripeObject>({ transfer: (reversal) => reversal.transfer as string });
  readonly payouts = new OrderedCollection<StripeObject>({ account: (payout) => payout.account as string });
  readonly balanceTransactions = new OrderedCollection<BalanceTransactionRecord>({
    type: (transaction) => transaction.type,
    source: (transaction) => transaction.source,
  });
  readonly events = new OrderedCollection<StripeEventRecord>({ type: (event) => event.type });
  /** When set, a transfer beyond the platform's available balance is refused (`balance_insufficient`). */
  enforcePlatformBalance = false;
  /** The platform's available balance per currency (minor units). */
  readonly platformBalance = new Map<string, number>();
  /** Each connected account's balance per currency: transfers in, reversals and payouts out. */
  readonly connectedBalances = new Map<string, Map<string, number>>();

  private readonly eventListeners: ((event: StripeEventRecord) => void)[] = [];

  onEvent(listener: (event: StripeEventRecord) => void): void {
    this.eventListeners.push(listener);
  }

  now(): number {
    return this.clock.now();
  }

  /** Records a balance movement on the platform account and returns its balance transaction. */
  recordBalanceTransaction(
    type: BalanceTransactionType,
    amount: number,
    currency: string,
    source: string | null,
    options: { fee?: number; description?: string | null } = {},
  ): BalanceTransactionRecord {
    const fee = options.fee ?? 0;
    const record = new BalanceTransactionRecord(stripeId('txn'), type, amount, fee, currency, this.now(), source, options.description ?? null);
    this.balanceTransactions.insert(record);
    this.platformBalance.set(currency, (this.platformBalance.get(currency) ?? 0) + amount - fee);
    return record;
  }

  moveConnectedBalance(account: string, currency: string, amount: number): void {
    let balances = this.connectedBalances.get(account);
    if (!balances) this.connectedBalances.set(account, (balances = new Map()));
    balances.set(currency, (balances.get(currency) ?? 0) + amount);
  }

  /**
   * Records an event with a snapshot of `object` as it is now (later changes don't reach
   * it, as with Stripe) and tells the listeners (the webhook dispatcher).
   */
  emit(
    type: string,
    object: unknown,
    origin: RequestOrigin,
    options: { account?: string; previousAttributes?: Record<string, unknown> } = {},
  ): StripeEventRecord {
    const event: StripeEventRecord = {
      id: stripeId('evt'),
      object: 'event',
      api_version: origin.apiVersion,
      created: this.now(),
      data: {
        object: JSON.parse(JSON.stringify(object)) as unknown,
        ...(options.previousAttributes ? { previous_attributes: JSON.parse(JSON.stringify(options.previousAttributes)) as Record<string, unknown> } : {}),
      },
      livemode: false,
      pending_webhooks: 0,
      request: { id: origin.requestId, idempotency_key: origin.idempotencyKey },
      type,
      ...(options.account ? { account: options.account } : {}),
    };
    this.events.insert(event);
    for (const listener of this.eventListeners) listener(event);
    return event;
  }
}
