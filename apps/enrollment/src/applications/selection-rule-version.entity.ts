import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SelectionRules } from './selection-rules';

@Entity({ name: 'selection_rule_versions' })
export class SelectionRuleVersionEntity {
  @PrimaryColumn('uuid', { name: 'program_id' })
  programId!: string;

  @PrimaryColumn('integer')
  version!: number;

  @Column('jsonb')
  rules!: SelectionRules;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
