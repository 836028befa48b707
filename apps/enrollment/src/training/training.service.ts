import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AmbassadorEntity } from '../ambassadors/ambassador.entity';
import { AmbassadorStatus } from '../ambassadors/ambassador-lifecycle';
import { AmbassadorService } from '../ambassadors/ambassador.service';
import { decodeCursor, MAX_PAGE_SIZE, toPage } from '../pagination/keyset-cursor';
import { ProgramEntity } from '../programs/program.entity';
import { checkNewModule, gradeQuiz, NewTrainingModule } from './training-rules';
import { TrainingModuleEntity } from './training-module.entity';
import { TrainingErrorCode, TrainingException } from './training.exception';
import { isUuid } from '@streetteam/contracts';

export interface AttemptOutcome {
  moduleId: string;
  score: number;
  passed: boolean;
  ambassadorStatus: AmbassadorStatus;
}

@Injectable()
export class TrainingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ambassadors: AmbassadorService,
  ) {}

  async createModule(input: NewTrainingModule, createdBy: string, now = new Date()): Promise<TrainingModuleEntity> {
    const trainingModule = checkNewModule(input);
    return this.dataSource.transaction(async (manager) => {
      const program = isUuid(trainingModule.programId) ? await manager.findOneBy(ProgramEntity, { id: trainingModule.programId }) : null;
      if (!program) throw new TrainingException(TrainingErrorCode.UNKNOWN_PROGRAM, `program ${trainingModule.programId} does not exist`);
      const entity = manager.create(TrainingModuleEntity, {
        id: randomUUID(),
        programId: trainingModule.programId,
        title: trainingModule.title,
        body: trainingModule.body ?? null,
        link: trainingModule.link ?? null,
        required: trainingModule.required,
        passMark: trainingModule.passMark,
        graceDays: trainingModule.graceDays,
        questions: trainingModule.questions,
        createdBy,
        createdAt: now,
      });
      await manager.insert(TrainingModuleEntity, entity);
      if (entity.required) {
        // Those already past onboarding keep acting for the brand until the deadline; an
        // earlier deadline still standing is kept.
        await manager.query(
          `UPDATE ambassadors SET training_due_by = $2 WHERE program_id = $1 AND status IN ('ACTIVE', 'PAUSED') AND training_due_by IS NULL`,
          [entity.programId, new Date(now.getTime() + entity.graceDays * 86400000)],
        );
      }
      return entity;
    });
  }

  /** Records an attempt, passed or not, and activates the ambassador when it was the last required module. */
  async attempt(ambassadorId: string, moduleId: string, answers: number[], now = new Date()): Promise<AttemptOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const trainingModule = isUuid(moduleId) ? await manager.findOneBy(TrainingModuleEntity, { id: moduleId }) : null;
      if (!trainingModule) throw new TrainingException(TrainingErrorCode.NOT_FOUND, `training module ${moduleId} does not exist`);
      const ambassador = await manager.findOneBy(AmbassadorEntity, { id: ambassadorId });
      if (!ambassador) throw new TrainingException(TrainingErrorCode.NOT_AN_AMBASSADOR, 'only an ambassador may take a quiz');
      if (ambassador.programId !== trainingModule.programId) throw new TrainingException(TrainingErrorCode.NOT_IN_PROGRAM, "this module belongs to another ambassador program");
      if (ambassador.status === 'OFFBOARDED') throw new TrainingException(TrainingErrorCode.OFFBOARDED, 'an offboarded ambassador can no longer train');
      const result = gradeQuiz(trainingModule.questions, answers, trainingModule.passMark);
      await manager.query('INSERT INTO training_attempts (id, module_id, ambassador_id, answers, score, passed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        randomUUID(),
        trainingModule.id,
        ambassador.id,
        answers,
        result.score,
        result.passed,
        now,
      ]);
      const activated = result.passed ? await this.ambassadors.activateIfTrained(manager, ambassador.id, now) : undefined;
      return { moduleId: trainingModule.id, ...result, ambassadorStatus: activated?.status ?? ambassador.status };
    });
  }

  /** An ambassador may read only their own program's modules; staff read any. */
  async assertMayRead(programId: string, ambassadorId: string | undefined, isStaff: boolean): Promise<void> {
    if (isStaff) return;
    const ambassador = ambassadorId && isUuid(ambassadorId) ? await this.dataSource.getRepository(AmbassadorEntity).findOneBy({ id: ambassadorId }) : null;
    if (!ambassador || ambassador.programId !== programId) {
      throw new TrainingException(TrainingErrorCode.NOT_IN_PROGRAM, "an ambassador sees only their own program's training");
    }
  }

  async list(programId: string, first: number, after?: string) {
    const size = Math.min(Math.max(first, 1), MAX_PAGE_SIZE);
    if (!isUuid(programId)) throw new TrainingException(TrainingErrorCode.UNKNOWN_PROGRAM, `program ${programId} does not exist`);
    const query = this.dataSource
      .getRepository(TrainingModuleEntity)
      .createQueryBuilder('m')
      .where('m.program_id = :programId', { programId })
      .orderBy('m.created_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(size + 1);
    if (after !== undefined) {
      const position = decodeCursor(after);
      if (!position) throw new TrainingException(TrainingErrorCode.INVALID_CURSOR, 'after is not a cursor this list gave out');
      query.andWhere('(m.created_at, m.id) > (:createdAt, :id)', position);
    }
    return toPage(await query.getMany(), size);
  }
}
