import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GuaranteePolicy, policyProblems } from './guarantee-policy';
import { ProgramEntity } from './program.entity';
import { ProgramErrorCode, ProgramException } from './program.exception';
import { isUuid } from '@streetteam/contracts';

export type PolicyChanges = Partial<GuaranteePolicy>;

@Injectable()
export class ProgramPolicyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Marketing ops change a program's guarantee; claims opened from now on are judged by it. */
  async setPolicy(programId: string, changes: PolicyChanges, by: string, now = new Date()): Promise<ProgramEntity> {
    if (!isUuid(programId)) throw new ProgramException(ProgramErrorCode.UNKNOWN_PROGRAM, `programId: recovery has no program ${programId}`);
    return this.dataSource.transaction(async (manager) => {
      const program = await manager.findOne(ProgramEntity, { where: { id: programId }, lock: { mode: 'pessimistic_write' } });
      if (!program) throw new ProgramException(ProgramErrorCode.UNKNOWN_PROGRAM, `programId: recovery has no program ${programId} (its ProgramCreated has not arrived)`);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined && value !== null)) as PolicyChanges;
      const next: ProgramEntity = { ...program, ...defined, policyUpdatedAt: now, policyUpdatedBy: by };
      const problems = policyProblems(next);
      if (problems.length > 0) {
        throw new ProgramException(ProgramErrorCode.INVALID_POLICY, problems.map((p) => `policy.${p.field}: ${p.problem}`).join('; '), {
          fields: problems.map((p) => ({ field: `policy.${p.field}`, problems: [p.problem] })),
        });
      }
      await manager.save(ProgramEntity, next);
      return next;
    });
  }
}
