import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ClaimReason, ClaimResolutionKind } from '@streetteam/contracts';
import { bigintNumber } from '../orders/order.entity';
import type { PricedClaimItem } from './claim-rules';

export type ClaimStatus = 'RESOLVING' | 'RESOLVED' | 'ESCALATED' | 'DECLINED';
export type ResolutionStatus = 'PENDING' | 'COMPLETED' | 'FAILED';

/** A customer's guarantee claim on (items of) one order. */
@Entity({ name: 'guarantee_claims' })
export class GuaranteeClaimEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('text', { name: 'order_id' })
  orderId!: string;

  @Column('text', { name: 'customer_id' })
  customerId!: string;

  @Column('char', { name: 'customer_email_hash', length: 64 })
  customerEmailHash!: string;

  /** Kept for the follow-up survey and the recovered-customer invitation (mailer events only). */
  @Column('text', { name: 'customer_email' })
  customerEmail!: string;

  @Column('jsonb')
  items!: PricedClaimItem[];

  @Column('text')
  reason!: ClaimReason;

  @Column('text', { name: 'wanted_resolution' })
  wantedResolution!: ClaimResolutionKind;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('bigint', { name: 'amount_minor', transformer: bigintNumber })
  amountMinor!: number;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('text')
  status!: ClaimStatus;

  @Column('text', { name: 'opened_by' })
  openedBy!: string;

  @Column('boolean', { name: 'opened_by_agent' })
  openedByAgent!: boolean;

  @Column('text', { name: 'opened_from', nullable: true })
  openedFrom!: string | null;

  @Column('char', { name: 'access_token_hash', length: 64 })
  accessTokenHash!: string;

  @Column('text', { name: 'escalation_reason', nullable: true })
  escalationReason!: string | null;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'decline_reason', nullable: true })
  declineReason!: string | null;

  /** The agent or supervisor who handled it (agent dashboards); null for a claim resolved on its own. */
  @Column('text', { name: 'handled_by', nullable: true })
  handledBy!: string | null;

  @Column('timestamptz', { name: 'sla_due_at', nullable: true })
  slaDueAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;
}

/** What was done for a claim. A PENDING refund is finished by whoever gets to it first, with the same idempotency key. */
@Entity({ name: 'claim_resolutions' })
export class ClaimResolutionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'claim_id' })
  claimId!: string;

  @Column('integer')
  attempt!: number;

  @Column('text')
  kind!: ClaimResolutionKind;

  @Column('bigint', { name: 'amount_minor', transformer: bigintNumber })
  amountMinor!: number;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('boolean')
  clawback!: boolean;

  @Column('text')
  status!: ResolutionStatus;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  @Column('text', { name: 'stripe_payment_intent_id', nullable: true })
  stripePaymentIntentId!: string | null;

  @Column('text', { name: 'stripe_refund_id', nullable: true })
  stripeRefundId!: string | null;

  @Column('integer')
  tries!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}

/** Who did what to a claim, when. */
@Entity({ name: 'claim_timeline_entries' })
export class ClaimTimelineEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'claim_id' })
  claimId!: string;

  @Column('timestamptz')
  at!: Date;

  @Column('text')
  actor!: string;

  @Column('text')
  action!: string;

  @Column('text', { nullable: true })
  detail!: string | null;
}

/** An agent's internal note on a claim; never shown to the customer. */
@Entity({ name: 'claim_notes' })
export class ClaimNoteEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'claim_id' })
  claimId!: string;

  @Column('text')
  author!: string;

  @Column('text')
  body!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
