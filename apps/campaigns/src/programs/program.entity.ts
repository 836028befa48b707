import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Campaigns' own record of a program, taken from enrollment's ProgramCreated. */
@Entity({ name: 'programs' })
export class ProgramEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('char', { length: 3 })
  currency!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
