import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Campaigns' own record of a program, taken from enrollment's ProgramCreated. */
@Entity({ name: 'programs' })
export class ProgramEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('char', { length: 3 })
  currency!: string;

  /** Days a commission waits before it can be paid: the program's unconditional guarantee. */
  @Column('integer', { name: 'guarantee_window_days' })
  guaranteeWindowDays!: number;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
