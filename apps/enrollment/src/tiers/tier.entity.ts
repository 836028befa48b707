import { Column, Entity, PrimaryColumn } from 'typeorm';

// bigint comes back from pg as a string; thresholds stay below 2^31 (checked by the rule).
const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

@Entity({ name: 'tiers' })
export class TierEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('text')
  name!: string;

  @Column('integer')
  rank!: number;

  @Column('bigint', { name: 'min_sales_minor', transformer: bigintAsNumber })
  minSalesMinor!: number;

  @Column('integer', { name: 'min_points' })
  minPoints!: number;

  @Column('integer', { name: 'multiplier_bps' })
  multiplierBps!: number;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
