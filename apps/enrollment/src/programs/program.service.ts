import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProgramCreated } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { decodeCursor, MAX_PAGE_SIZE, toPage } from '../pagination/keyset-cursor';
import { checkNewProgram, NewProgram } from './program-rules';
import { ProgramEntity } from './program.entity';
import { ProgramErrorCode, ProgramException } from './program.exception';

@Injectable()
export class ProgramService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Creates the program and its ProgramCreated event in one transaction. */
  async create(input: NewProgram, createdBy: string): Promise<ProgramEntity> {
    const program = checkNewProgram(input);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const entity = manager.create(ProgramEntity, { id: randomUUID(), ...program, createdBy });
        const saved = await manager.save(entity);
        await this.outbox.append(manager, ProgramCreated, {
          programId: saved.id,
          name: saved.name,
          currency: saved.currency,
          guaranteeWindowDays: saved.guaranteeWindowDays,
          createdAt: saved.createdAt.toISOString(),
        });
        return saved;
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new ProgramException(ProgramErrorCode.NAME_TAKEN, `name "${program.name}" is already used by another program`);
      }
      throw error;
    }
  }

  async get(id: string): Promise<ProgramEntity> {
    const program = await this.dataSource.getRepository(ProgramEntity).findOneBy({ id });
    if (!program) throw new ProgramException(ProgramErrorCode.NOT_FOUND, `program ${id} does not exist`);
    return program;
  }

  async list(first: number, after?: string) {
    const size = Math.min(Math.max(first, 1), MAX_PAGE_SIZE);
    const query = this.dataSource
      .getRepository(ProgramEntity)
      .createQueryBuilder('p')
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(size + 1);
    if (after !== undefined) {
      const position = decodeCursor(after);
      if (!position) throw new ProgramException(ProgramErrorCode.INVALID_CURSOR, 'after is not a cursor this list gave out');
      query.where('(p.created_at, p.id) > (:createdAt, :id)', position);
    }
    return toPage(await query.getMany(), size);
  }
}
