import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Payouts' own record of a program, taken from enrollment's ProgramCreated. */
@Entity({ name: 'programs' })
export class ProgramEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('integer', { name: 'hold_days' })
  holdDays!: number;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
