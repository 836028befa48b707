import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrderItem } from '@streetteam/contracts';

const bigintNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

/** An order of the brand's shop as recovery keeps it (from OrderPlaced), to check claims against. */
@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryColumn('text', { name: 'order_id' })
  orderId!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('text', { name: 'customer_id' })
  customerId!: string;

  @Column('char', { name: 'customer_email_hash', length: 64 })
  customerEmailHash!: string;

  @Column('bigint', { name: 'amount_minor', transformer: bigintNumber })
  amountMinor!: number;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('jsonb')
  items!: OrderItem[];

  @Column('text', { name: 'stripe_payment_intent_id', nullable: true })
  stripePaymentIntentId!: string | null;

  @Column('timestamptz', { name: 'placed_at' })
  placedAt!: Date;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}

/** A refund the shop reports (OrderRefunded), ours or its own. */
@Entity({ name: 'order_refunds' })
export class OrderRefundEntity {
  @PrimaryColumn('text', { name: 'refund_id' })
  refundId!: string;

  @Column('text', { name: 'order_id' })
  orderId!: string;

  @Column('bigint', { name: 'amount_minor', transformer: bigintNumber })
  amountMinor!: number;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('text', { name: 'stripe_refund_id', nullable: true })
  stripeRefundId!: string | null;

  @Column('timestamptz', { name: 'refunded_at' })
  refundedAt!: Date;
}

/** Which ambassador campaigns credited an order to (OrderAttributed), shown on claims. */
@Entity({ name: 'order_attributions' })
export class OrderAttributionEntity {
  @PrimaryColumn('text', { name: 'order_id' })
  orderId!: string;

  @Column('uuid', { name: 'conversion_id' })
  conversionId!: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId!: string;

  @Column('uuid', { name: 'ambassador_id' })
  ambassadorId!: string;

  @Column('timestamptz', { name: 'attributed_at' })
  attributedAt!: Date;
}

export { bigintNumber };
