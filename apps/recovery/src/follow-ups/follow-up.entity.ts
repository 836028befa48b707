import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RecoveredBy = 'SURVEY' | 'REORDER';

/** The survey after a resolution, and whether it won the customer back. */
@Entity({ name: 'follow_ups' })
export class FollowUpEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'claim_id' })
  claimId!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  @Column('timestamptz', { name: 'requested_at', nullable: true })
  requestedAt!: Date | null;

  @Column('char', { name: 'survey_token_hash', length: 64, nullable: true })
  surveyTokenHash!: string | null;

  @Column('timestamptz', { name: 'answered_at', nullable: true })
  answeredAt!: Date | null;

  @Column('integer', { nullable: true })
  satisfaction!: number | null;

  @Column('text', { nullable: true })
  comment!: string | null;

  @Column('timestamptz', { name: 'recovered_at', nullable: true })
  recoveredAt!: Date | null;

  @Column('text', { name: 'recovered_by', nullable: true })
  recoveredBy!: RecoveredBy | null;

  @Column('text', { name: 'recovered_order_id', nullable: true })
  recoveredOrderId!: string | null;
}
