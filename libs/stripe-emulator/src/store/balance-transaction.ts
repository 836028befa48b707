/** Stripe's balance transaction types the emulator produces. */
export type BalanceTransactionType = 'charge' | 'refund' | 'transfer' | 'transfer_refund' | 'payout' | 'adjustment';

const REPORTING_CATEGORY: Record<BalanceTransactionType, string> = {
  charge: 'charge',
  refund: 'refund',
  transfer: 'transfer',
  transfer_refund: 'transfer_reversal',
  payout: 'payout',
  adjustment: 'other_adjustment',
};

const NO_FEE_DETAILS: readonly never[] = Object.freeze([]);

/**
 * One balance transaction, stored compactly (a benchmark keeps a million of them) and
 * written in Stripe's shape by `toJSON()`, so `JSON.stringify` answers like Stripe.
 */
export class BalanceTransactionRecord {
  readonly object = 'balance_transaction';

  constructor(
    readonly id: string,
    readonly type: BalanceTransactionType,
    readonly amount: number,
    readonly fee: number,
    readonly currency: string,
    readonly created: number,
    readonly source: string | null,
    readonly description: string | null,
  ) {}

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      object: 'balance_transaction',
      amount: this.amount,
      available_on: this.created,
      balance_type: 'payments',
      created: this.created,
      currency: this.currency,
      description: this.description,
      exchange_rate: null,
      fee: this.fee,
      fee_details:
        this.fee === 0
          ? NO_FEE_DETAILS
          : [{ amount: this.fee, application: null, currency: this.currency, description: 'Stripe processing fees', type: 'stripe_fee' }],
      net: this.amount - this.fee,
      reporting_category: REPORTING_CATEGORY[this.type],
      source: this.source,
      status: 'available',
      type: this.type,
    };
  }
}
