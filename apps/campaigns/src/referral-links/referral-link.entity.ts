import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'referral_links' })
export class ReferralLinkEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId!: string;

  @Column('uuid', { name: 'ambassador_id' })
  ambassadorId!: string;

  @Column('text')
  slug!: string;

  @Column('text', { name: 'destination_url' })
  destinationUrl!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
