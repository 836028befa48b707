import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ProgramCreated, ProgramCreatedPayload } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';

export interface ProgramRecord {
  id: string;
  recordedAt: Date;
}

/**
 * A service's own record of each program enrollment announces, in its own schema.
 * Campaigns, payouts and recovery keep different facts of a program; how they keep
 * them is the same.
 */
export class ProgramRecords<E extends ProgramRecord> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<E>,
  ) {}

  /**
   * Records a program in the consumer's transaction. A program is created once, so a
   * second copy of its ProgramCreated (even under a new event id) changes nothing.
   */
  async record(manager: EntityManager, values: QueryDeepPartialEntity<E>): Promise<void> {
    await manager.createQueryBuilder().insert().into(this.entity).values(values).orIgnore().execute();
  }

  find(programId: string): Promise<E | null> {
    return this.dataSource.getRepository(this.entity).findOne({ where: { id: programId } as FindOptionsWhere<E> });
  }

  // A brand runs a handful of programs, so the whole list is one small page.
  list(): Promise<E[]> {
    return this.dataSource.getRepository(this.entity).find({ order: { recordedAt: 'ASC', id: 'ASC' } as FindOptionsOrder<E> });
  }
}

const PROGRAM_RECORDS_CONSUMER = Symbol('PROGRAM_RECORDS_CONSUMER');

/**
 * Provides ProgramRecords for the entity and the consumer (group `<service>.programs`)
 * that fills it from ProgramCreated; `fromEvent` says what the service keeps.
 */
export function programRecordsProviders<E extends ProgramRecord>(
  entity: EntityTarget<E>,
  group: string,
  fromEvent: (program: ProgramCreatedPayload) => QueryDeepPartialEntity<E>,
): Provider[] {
  return [
    { provide: ProgramRecords, inject: [getDataSourceToken()], useFactory: (dataSource: DataSource) => new ProgramRecords(dataSource, entity) },
    {
      provide: PROGRAM_RECORDS_CONSUMER,
      inject: [EventConsumers, ProgramRecords],
      useFactory: (consumers: EventConsumers, records: ProgramRecords<E>) =>
        consumers.create(group).on(ProgramCreated, (event, manager) => records.record(manager, fromEvent(event.payload))),
    },
  ];
}
