import { Column, Entity, PrimaryColumn } from 'typeorm';
import { QuizQuestion } from './training-rules';

@Entity({ name: 'training_modules' })
export class TrainingModuleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'program_id' })
  programId!: string;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  body!: string | null;

  @Column('text', { nullable: true })
  link!: string | null;

  @Column('boolean')
  required!: boolean;

  @Column('integer', { name: 'grace_days' })
  graceDays!: number;

  @Column('integer', { name: 'pass_mark' })
  passMark!: number;

  @Column('jsonb')
  questions!: QuizQuestion[];

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
