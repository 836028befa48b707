import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdeaStatus } from './idea-rules';

export type IdeaSubmitterKind = 'AMBASSADOR' | 'CUSTOMER';

@Entity({ name: 'ideas' })
export class IdeaEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('text', { name: 'submitter_kind' })
  submitterKind!: IdeaSubmitterKind;

  @Column('uuid', { name: 'ambassador_id', nullable: true })
  ambassadorId!: string | null;

  /** Only the submitter ever reads it back (through their token). */
  @Column('text', { name: 'submitter_email', nullable: true })
  submitterEmail!: string | null;

  @Column('char', { name: 'submitter_email_hash', length: 64, nullable: true })
  submitterEmailHash!: string | null;

  @Column('char', { name: 'submitter_token_hash', length: 64, nullable: true })
  submitterTokenHash!: string | null;

  @Column('text', { name: 'submitted_from', nullable: true })
  submittedFrom!: string | null;

  @Column('text')
  title!: string;

  @Column('text')
  body!: string;

  @Column('text')
  status!: IdeaStatus;

  @Column('timestamptz', { name: 'first_answered_at', nullable: true })
  firstAnsweredAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** One step of an idea with the answer its submitter sees. */
@Entity({ name: 'idea_answers' })
export class IdeaAnswerEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'idea_id' })
  ideaId!: string;

  @Column('text', { name: 'from_status' })
  fromStatus!: IdeaStatus;

  @Column('text', { name: 'to_status' })
  toStatus!: IdeaStatus;

  @Column('text')
  answer!: string;

  @Column('text', { name: 'answered_by' })
  answeredBy!: string;

  @Column('timestamptz', { name: 'answered_at' })
  answeredAt!: Date;
}
