import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnits } from '../money/minor-units-column';

/** One ambassador's standing in one campaign, kept as credits arrive. */
@Entity({ name: 'leaderboard_entries' })
export class LeaderboardEntryEntity {
  @PrimaryColumn('uuid', { name: 'campaign_id' })
  campaignId!: string;

  @PrimaryColumn('uuid', { name: 'ambassador_id' })
  ambassadorId!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('bigint', { transformer: minorUnits })
  points!: number;

  @Column('bigint', { name: 'sales_minor', transformer: minorUnits })
  salesMinor!: number;

  @Column('timestamptz', { name: 'points_reached_at' })
  pointsReachedAt!: Date;

  @Column('timestamptz', { name: 'sales_reached_at' })
  salesReachedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
