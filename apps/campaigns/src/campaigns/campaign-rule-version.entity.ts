import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnits } from '../money/minor-units-column';
import { TierOverride } from './campaign-rules';

/** One version of a campaign's commission and points rules; a sale is paid by the version in force when it happened. */
@Entity({ name: 'campaign_rule_versions' })
export class CampaignRuleVersionEntity {
  @PrimaryColumn('uuid', { name: 'campaign_id' })
  campaignId!: string;

  @PrimaryColumn('integer')
  version!: number;

  @Column('timestamptz', { name: 'effective_from' })
  effectiveFrom!: Date;

  @Column('integer', { name: 'percent_bps' })
  percentBps!: number;

  @Column('bigint', { name: 'flat_per_sale_minor', transformer: minorUnits })
  flatPerSaleMinor!: number;

  @Column('bigint', { name: 'flat_per_lead_minor', transformer: minorUnits })
  flatPerLeadMinor!: number;

  @Column('jsonb', { name: 'tier_overrides' })
  tierOverrides!: TierOverride[];

  @Column('integer', { name: 'points_per_sale' })
  pointsPerSale!: number;

  @Column('integer', { name: 'points_per_lead' })
  pointsPerLead!: number;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
