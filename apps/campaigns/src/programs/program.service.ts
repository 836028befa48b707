import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ProgramCreatedPayload } from '@streetteam/contracts';
import { ProgramEntity } from './program.entity';

@Injectable()
export class ProgramService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records a program in the consumer's transaction. A program is created once, so a
   * second copy of its ProgramCreated (even under a new event id) changes nothing.
   */
  async record(manager: EntityManager, program: ProgramCreatedPayload): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ProgramEntity)
      .values({ id: program.programId, currency: program.currency })
      .orIgnore()
      .execute();
  }

  find(programId: string): Promise<ProgramEntity | null> {
    return this.dataSource.getRepository(ProgramEntity).findOneBy({ id: programId });
  }

  // A brand runs a handful of programs, so the whole list is one small page.
  list(): Promise<ProgramEntity[]> {
    return this.dataSource.getRepository(ProgramEntity).find({ order: { recordedAt: 'ASC', id: 'ASC' } });
  }
}
