import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ApplicationStatus, RuleResult } from './application-scoring';

@Entity({ name: 'applications' })
export class ApplicationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('integer', { name: 'rule_version' })
  ruleVersion!: number;

  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('char', { length: 2 })
  country!: string;

  @Column('text', { name: 'social_handles', array: true })
  socialHandles!: string[];

  @Column('jsonb')
  answers!: Array<{ questionKey: string; answer: string }>;

  @Column('integer', { name: 'prior_orders' })
  priorOrders!: number;

  @Column('date', { name: 'customer_since', nullable: true })
  customerSince!: string | null;

  @Column('timestamptz', { name: 'accepted_terms_at' })
  acceptedTermsAt!: Date;

  @Column('integer')
  score!: number;

  @Column('jsonb', { name: 'rule_results' })
  ruleResults!: RuleResult[];

  @Column('text')
  status!: ApplicationStatus;

  /** DIRECT, or RECOVERY_INVITATION when the program had invited this email. */
  @Column('text')
  source!: 'DIRECT' | 'RECOVERY_INVITATION';

  @Column('text', { name: 'applicant_token_hash' })
  applicantTokenHash!: string;

  @Column('text', { name: 'submitted_from' })
  submittedFrom!: string;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'decision_note', nullable: true })
  decisionNote!: string | null;

  @Column('text', { name: 'reason_for_applicant', nullable: true })
  reasonForApplicant!: string | null;

  @Column('uuid', { name: 'ambassador_id', nullable: true })
  ambassadorId!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
