import { Column, Entity, PrimaryColumn } from 'typeorm';
import { FlagStatus, FraudKind } from './fraud-rules';

@Entity({ name: 'fraud_flags' })
export class FraudFlagEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: FraudKind;

  @Column('text', { name: 'dedupe_key' })
  dedupeKey!: string;

  @Column('uuid', { name: 'ambassador_id' })
  ambassadorId!: string;

  @Column('uuid', { name: 'campaign_id', nullable: true })
  campaignId!: string | null;

  @Column('uuid', { name: 'commission_id', nullable: true })
  commissionId!: string | null;

  @Column('text', { name: 'order_id', nullable: true })
  orderId!: string | null;

  @Column('jsonb')
  evidence!: Record<string, unknown>;

  @Column('text')
  status!: FlagStatus;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('text', { name: 'decision_note', nullable: true })
  decisionNote!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
