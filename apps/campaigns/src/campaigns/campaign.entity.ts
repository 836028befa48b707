import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnits } from '../money/minor-units-column';
import { AttributionPrecedence, CampaignObjective, CampaignStatus } from './campaign-rules';

@Entity({ name: 'campaigns' })
export class CampaignEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  objective!: CampaignObjective;

  @Column('text')
  status!: CampaignStatus;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('bigint', { name: 'budget_cap_minor', nullable: true, transformer: minorUnits })
  budgetCapMinor!: number | null;

  @Column('bigint', { name: 'daily_cap_minor', nullable: true, transformer: minorUnits })
  dailyCapMinor!: number | null;

  @Column('bigint', { name: 'monthly_cap_minor', nullable: true, transformer: minorUnits })
  monthlyCapMinor!: number | null;

  @Column('bigint', { name: 'accrued_minor', transformer: minorUnits })
  accruedMinor!: number;

  @Column('uuid', { name: 'eligible_tier_ids', array: true })
  eligibleTierIds!: string[];

  @Column('integer', { name: 'attribution_window_days' })
  attributionWindowDays!: number;

  @Column('text')
  precedence!: AttributionPrecedence;

  @Column('integer', { name: 'recurring_months' })
  recurringMonths!: number;

  /** Where referral links send people; null until ops set it (no links before). */
  @Column('text', { name: 'landing_url', nullable: true })
  landingUrl!: string | null;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
