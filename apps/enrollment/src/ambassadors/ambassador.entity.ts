import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AmbassadorStatus } from './ambassador-lifecycle';

@Entity({ name: 'ambassadors' })
export class AmbassadorEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('text')
  status!: AmbassadorStatus;

  @Column('text', { name: 'referral_code' })
  referralCode!: string;

  @Column('text', { name: 'status_reason', nullable: true })
  statusReason!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'status_changed_at' })
  statusChangedAt!: Date;

  @Column('uuid', { name: 'tier_id', nullable: true })
  tierId!: string | null;

  @Column('timestamptz', { name: 'tier_changed_at', nullable: true })
  tierChangedAt!: Date | null;

  @Column('timestamptz', { name: 'training_due_by', nullable: true })
  trainingDueBy!: Date | null;
}
