import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CommissionSource } from '@streetteam/contracts';
import { minorUnits } from '../money/minor-units-column';

@Entity({ name: 'commissions' })
export class CommissionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'ambassador_id' })
  ambassadorId!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId!: string;

  @Column('text')
  source!: CommissionSource;

  @Column('uuid', { name: 'conversion_id', nullable: true })
  conversionId!: string | null;

  @Column('text', { name: 'order_id', nullable: true })
  orderId!: string | null;

  @Column('text', { name: 'lead_id', nullable: true })
  leadId!: string | null;

  @Column('uuid', { name: 'mission_submission_id', nullable: true })
  missionSubmissionId!: string | null;

  @Column('integer', { name: 'rule_version', nullable: true })
  ruleVersion!: number | null;

  @Column('bigint', { name: 'amount_minor', transformer: minorUnits })
  amountMinor!: number;

  @Column('bigint', { name: 'uncapped_minor', transformer: minorUnits })
  uncappedMinor!: number;

  @Column('text', { name: 'cap_note', nullable: true })
  capNote!: string | null;

  @Column('bigint', { name: 'sale_amount_minor', transformer: minorUnits })
  saleAmountMinor!: number;

  @Column('bigint', { transformer: minorUnits })
  points!: number;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('timestamptz', { name: 'earned_at' })
  earnedAt!: Date;

  @Column('timestamptz', { name: 'hold_until' })
  holdUntil!: Date;

  @Column('bigint', { name: 'reversed_minor', transformer: minorUnits })
  reversedMinor!: number;

  @Column('bigint', { name: 'reversed_sale_minor', transformer: minorUnits })
  reversedSaleMinor!: number;

  @Column('bigint', { name: 'reversed_points', transformer: minorUnits })
  reversedPoints!: number;

  @Column('boolean', { name: 'fraud_held' })
  fraudHeld!: boolean;

  @Column('timestamptz', { name: 'released_at', nullable: true })
  releasedAt!: Date | null;

  @Column('timestamptz', { name: 'paid_at', nullable: true })
  paidAt!: Date | null;

  @Column('uuid', { name: 'payout_id', nullable: true })
  payoutId!: string | null;
}
