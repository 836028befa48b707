import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Recovery's own record of a program, taken from enrollment's ProgramCreated. */
@Entity({ name: 'programs' })
export class ProgramEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('integer', { name: 'guarantee_window_days' })
  guaranteeWindowDays!: number;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
