import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An agent ended an abusive interaction and recorded it; it never counts against the agent. */
@Entity({ name: 'abuse_reports' })
export class AbuseReportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'program_id', nullable: true })
  programId!: string | null;

  @Column('uuid', { name: 'claim_id', nullable: true })
  claimId!: string | null;

  @Column('char', { name: 'customer_email_hash', length: 64 })
  customerEmailHash!: string;

  @Column('text')
  category!: string;

  @Column('text')
  notes!: string;

  @Column('boolean', { name: 'ended_interaction' })
  endedInteraction!: boolean;

  @Column('text', { name: 'filed_by' })
  filedBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
