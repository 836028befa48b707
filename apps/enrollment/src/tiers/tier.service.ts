import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AmbassadorTierChanged, isUuid } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { AmbassadorEntity } from '../ambassadors/ambassador.entity';
import { ProgramEntity } from '../programs/program.entity';
import { checkNewTier, NewTier, nextTier, qualifyingTier, TierProgress } from './tier-rules';
import { TierEntity } from './tier.entity';
import { TierErrorCode, TierException } from './tier.exception';

@Injectable()
export class TierService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async create(programId: string, input: NewTier, createdBy: string, now = new Date()): Promise<TierEntity> {
    const tier = checkNewTier(input);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const program = isUuid(programId) ? await manager.findOneBy(ProgramEntity, { id: programId }) : null;
        if (!program) throw new TierException(TierErrorCode.UNKNOWN_PROGRAM, `program ${programId} does not exist`);
        const entity = manager.create(TierEntity, { id: randomUUID(), programId, ...tier, createdBy, createdAt: now });
        await manager.insert(TierEntity, entity);
        return entity;
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new TierException(TierErrorCode.NAME_OR_RANK_TAKEN, `the program already has a tier named "${tier.name}" or ranked ${tier.rank}`);
      }
      throw error;
    }
  }

  async list(programId: string): Promise<TierEntity[]> {
    if (!isUuid(programId)) throw new TierException(TierErrorCode.UNKNOWN_PROGRAM, `program ${programId} does not exist`);
    return this.dataSource.getRepository(TierEntity).find({ where: { programId }, order: { rank: 'ASC' } });
  }

  /**
   * Applies an ambassador's trailing 90-day progress: an upgrade at once, a downgrade at
   * most once a month, each change an AmbassadorTierChanged. Campaigns' commission events
   * feed it through CommissionProgressService.
   */
  async applyProgress(ambassadorId: string, progress: TierProgress, now = new Date()): Promise<AmbassadorEntity> {
    return this.dataSource.transaction((manager) => this.applyProgressWith(manager, ambassadorId, progress, now));
  }

  /** applyProgress inside the caller's transaction (a consumer's, so inbox and tier commit together). */
  async applyProgressWith(manager: EntityManager, ambassadorId: string, progress: TierProgress, now = new Date()): Promise<AmbassadorEntity> {
    const ambassador = await manager.findOne(AmbassadorEntity, { where: { id: ambassadorId }, lock: { mode: 'pessimistic_write' } });
    if (!ambassador) throw new TierException(TierErrorCode.NOT_FOUND, `ambassador ${ambassadorId} does not exist`);
    const tiers = await manager.find(TierEntity, { where: { programId: ambassador.programId } });
    const current = tiers.find((t) => t.id === ambassador.tierId);
    const target = nextTier(current, qualifyingTier(tiers, progress), ambassador.tierChangedAt, now);
    if (!target || target.id === current?.id) return ambassador;
    await manager.update(AmbassadorEntity, { id: ambassador.id }, { tierId: target.id, tierChangedAt: now });
    await this.outbox.append(manager, AmbassadorTierChanged, {
      ambassadorId: ambassador.id,
      programId: ambassador.programId,
      ...(current && { fromTierId: current.id }),
      toTierId: target.id,
      toTierName: target.name,
      multiplierBps: target.multiplierBps,
      direction: !current || target.rank > current.rank ? 'UP' : 'DOWN',
      changedAt: now.toISOString(),
    });
    return { ...ambassador, tierId: target.id, tierChangedAt: now };
  }
}
