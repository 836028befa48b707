import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnits } from '../money/minor-units-column';
import { InvolvementForm, MissionKind, ProofKind, SubmissionStatus } from './mission-rules';

@Entity({ name: 'missions' })
export class MissionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('text')
  kind!: MissionKind;

  @Column('text')
  involvement!: InvolvementForm;

  @Column('text')
  title!: string;

  @Column('text')
  description!: string;

  @Column('integer')
  points!: number;

  @Column('bigint', { name: 'bounty_minor', nullable: true, transformer: minorUnits })
  bountyMinor!: number | null;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('text')
  proof!: ProofKind;

  @Column('integer', { name: 'limit_per_ambassador' })
  limitPerAmbassador!: number;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

@Entity({ name: 'mission_submissions' })
export class MissionSubmissionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'mission_id' })
  missionId!: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId!: string;

  @Column('uuid', { name: 'ambassador_id' })
  ambassadorId!: string;

  @Column('text', { name: 'proof_url', nullable: true })
  proofUrl!: string | null;

  @Column('text', { name: 'proof_text', nullable: true })
  proofText!: string | null;

  @Column('text')
  status!: SubmissionStatus;

  @Column('text', { name: 'rejection_reason', nullable: true })
  rejectionReason!: string | null;

  @Column('text', { name: 'reviewed_by', nullable: true })
  reviewedBy!: string | null;

  @Column('timestamptz', { name: 'reviewed_at', nullable: true })
  reviewedAt!: Date | null;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt!: Date;
}
