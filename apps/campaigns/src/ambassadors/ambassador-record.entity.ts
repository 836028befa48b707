import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Campaigns' own record of an ambassador, kept from enrollment's ambassador events. */
@Entity({ name: 'ambassadors' })
export class AmbassadorRecordEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  /** Enrollment's lifecycle status: only ACTIVE ambassadors get links and commissions. */
  @Column('text')
  status!: string;

  @Column('text', { name: 'display_name', nullable: true })
  displayName!: string | null;

  @Column('char', { name: 'customer_email_hash', length: 64, nullable: true })
  customerEmailHash!: string | null;

  @Column('char', { length: 2, nullable: true })
  country!: string | null;

  @Column('text', { name: 'referral_code', nullable: true })
  referralCode!: string | null;

  @Column('uuid', { name: 'tier_id', nullable: true })
  tierId!: string | null;

  @Column('integer', { name: 'multiplier_bps' })
  multiplierBps!: number;

  @Column('text', { nullable: true })
  nickname!: string | null;

  @Column('boolean', { name: 'show_nickname' })
  showNickname!: boolean;

  @Column('timestamptz', { name: 'activated_at', nullable: true })
  activatedAt!: Date | null;

  @Column('timestamptz', { name: 'status_changed_at', nullable: true })
  statusChangedAt!: Date | null;

  @Column('timestamptz', { name: 'code_changed_at', nullable: true })
  codeChangedAt!: Date | null;

  @Column('timestamptz', { name: 'tier_changed_at', nullable: true })
  tierChangedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
