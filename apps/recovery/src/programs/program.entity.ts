import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ClaimReason, ClaimResolutionKind } from '@streetteam/contracts';

/**
 * Recovery's own record of a program, taken from enrollment's ProgramCreated, and the
 * guarantee policy marketing ops set on it (column defaults until they do).
 */
@Entity({ name: 'programs' })
export class ProgramEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('integer', { name: 'guarantee_window_days' })
  guaranteeWindowDays!: number;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column('text', { name: 'allowed_resolutions', array: true })
  allowedResolutions!: ClaimResolutionKind[];

  @Column('text', { name: 'clawback_reasons', array: true })
  clawbackReasons!: ClaimReason[];

  @Column('integer', { name: 'follow_up_delay_hours' })
  followUpDelayHours!: number;

  @Column('integer', { name: 'reorder_window_days' })
  reorderWindowDays!: number;

  @Column('integer', { name: 'sla_hours' })
  slaHours!: number;

  @Column('integer', { name: 'abuse_report_threshold' })
  abuseReportThreshold!: number;

  @Column('integer', { name: 'claim_count_threshold' })
  claimCountThreshold!: number;

  @Column('integer', { name: 'claim_count_period_days' })
  claimCountPeriodDays!: number;

  @Column('timestamptz', { name: 'policy_updated_at', nullable: true })
  policyUpdatedAt!: Date | null;

  @Column('text', { name: 'policy_updated_by', nullable: true })
  policyUpdatedBy!: string | null;
}
