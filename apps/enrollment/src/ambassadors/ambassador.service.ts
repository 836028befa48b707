import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '@streetteam/auth';
import { AmbassadorActivated, AmbassadorStatusChanged, hashEmail, isUuid, ReferralCodeChanged } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { AccountEntity } from '../accounts/account.entity';
import { AccountService } from '../accounts/account.service';
import { decodeCursor, MAX_PAGE_SIZE, toPage } from '../pagination/keyset-cursor';
import { AmbassadorStatus, mayActForBrand, staffMayMove } from './ambassador-lifecycle';
import { ApplicationEntity } from '../applications/application.entity';
import { AmbassadorEntity } from './ambassador.entity';
import { AmbassadorErrorCode, AmbassadorException } from './ambassador.exception';
import { checkVanityCode, generateReferralCode } from './referral-code';

export interface NewAmbassador {
  programId: string;
  applicationId: string;
  email: string;
  name: string;
}

/** The email already belongs to an ambassador (of another program): one account, one ambassador. */
export class EmailHasAmbassadorError extends Error {}

@Injectable()
export class AmbassadorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly accounts: AccountService,
  ) {}

  /**
   * Makes an approved applicant an ambassador in onboarding, with a referral code and an
   * account to log in (a new account gets a set-your-password token by event). Runs in the
   * approval's transaction.
   */
  async enroll(manager: EntityManager, input: NewAmbassador, now: Date): Promise<AmbassadorEntity> {
    const account = await manager.findOne(AccountEntity, { where: { email: input.email }, lock: { mode: 'pessimistic_write' } });
    if (account?.ambassadorId) throw new EmailHasAmbassadorError(`email ${input.email} already belongs to ambassador ${account.ambassadorId}`);
    const ambassador = manager.create(AmbassadorEntity, {
      id: randomUUID(),
      ...input,
      status: 'ONBOARDING' as AmbassadorStatus,
      referralCode: await this.freeReferralCode(manager, input.name),
      statusReason: null,
      createdAt: now,
      statusChangedAt: now,
      tierId: null,
      tierChangedAt: null,
      trainingDueBy: null,
    });
    await manager.insert(AmbassadorEntity, ambassador);
    if (account) {
      // A staff member who became an ambassador keeps one login with both roles.
      await manager.update(AccountEntity, { id: account.id }, { ambassadorId: ambassador.id, roles: [...new Set([...account.roles, Role.AMBASSADOR])] });
    } else {
      const created = manager.create(AccountEntity, {
        id: randomUUID(),
        email: input.email,
        passwordHash: null,
        roles: [Role.AMBASSADOR],
        ambassadorId: ambassador.id,
        createdBy: `application:${input.applicationId}`,
      });
      await manager.insert(AccountEntity, created);
      await this.accounts.issueResetToken(manager, created, 'NEW_ACCOUNT', now);
    }
    await this.outbox.append(manager, AmbassadorStatusChanged, {
      ambassadorId: ambassador.id,
      programId: ambassador.programId,
      to: 'ONBOARDING',
      reason: 'application approved',
      changedAt: now.toISOString(),
    });
    await this.outbox.append(manager, ReferralCodeChanged, {
      ambassadorId: ambassador.id,
      programId: ambassador.programId,
      code: ambassador.referralCode,
      changedAt: now.toISOString(),
    });
    // A program that requires no training has nothing to wait for.
    return (await this.activateIfTrained(manager, ambassador.id, now)) ?? ambassador;
  }

  /**
   * Once every required module of their program is passed: activates an ambassador in
   * onboarding (AmbassadorActivated) or one who needs training, and lifts any training
   * deadline. Returns the ambassador when something changed. Runs in the caller's
   * transaction (a quiz attempt, an approval).
   */
  async activateIfTrained(manager: EntityManager, ambassadorId: string, now: Date): Promise<AmbassadorEntity | undefined> {
    const ambassador = await manager.findOne(AmbassadorEntity, { where: { id: ambassadorId }, lock: { mode: 'pessimistic_write' } });
    if (!ambassador || ambassador.status === 'OFFBOARDED') return undefined;
    const waiting = ambassador.status === 'ONBOARDING' || ambassador.status === 'NEEDS_TRAINING';
    if (!waiting && ambassador.trainingDueBy === null) return undefined;
    if ((await this.requiredModulesLeft(manager, ambassador)) > 0) return undefined;
    if (ambassador.trainingDueBy !== null) {
      await manager.update(AmbassadorEntity, { id: ambassador.id }, { trainingDueBy: null });
      ambassador.trainingDueBy = null;
    }
    if (!waiting) return ambassador;
    const firstTime = ambassador.status === 'ONBOARDING';
    const activated = await this.move(manager, ambassador, 'ACTIVE', 'every required training module passed', now);
    if (firstTime) {
      const application = await manager.findOneByOrFail(ApplicationEntity, { id: activated.applicationId });
      await this.outbox.append(manager, AmbassadorActivated, {
        ambassadorId: activated.id,
        programId: activated.programId,
        referralCode: activated.referralCode,
        displayName: activated.name,
        customerEmailHash: hashEmail(activated.email),
        country: application.country,
        activatedAt: now.toISOString(),
      });
    }
    return activated;
  }

  /**
   * Moves active ambassadors whose training deadline passed to NEEDS_TRAINING, a batch at a
   * time. Safe on many replicas: rows another replica holds are skipped, not waited for.
   */
  async enforceTrainingDeadlines(now = new Date(), batch = 100): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await manager
        .getRepository(AmbassadorEntity)
        .createQueryBuilder('a')
        .where(`a.status = 'ACTIVE' AND a.training_due_by <= :now`, { now })
        .orderBy('a.training_due_by', 'ASC')
        .limit(batch)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const ambassador of due) {
        await this.move(manager, ambassador, 'NEEDS_TRAINING', `required training not passed by ${ambassador.trainingDueBy!.toISOString()}`, now);
      }
      return due.length;
    });
  }

  private async requiredModulesLeft(manager: EntityManager, ambassador: AmbassadorEntity): Promise<number> {
    const [row]: Array<{ n: string }> = await manager.query(
      `SELECT count(*) AS n FROM training_modules m
        WHERE m.program_id = $1 AND m.required
          AND NOT EXISTS (SELECT 1 FROM training_attempts a WHERE a.module_id = m.id AND a.ambassador_id = $2 AND a.passed)`,
      [ambassador.programId, ambassador.id],
    );
    return Number(row.n);
  }

  /** Staff pause, resume or offboard an ambassador, with a reason the other services see. */
  async changeStatus(id: string, to: AmbassadorStatus, reason: string, now = new Date()): Promise<AmbassadorEntity> {
    const why = reason.trim();
    if (why.length === 0) throw new AmbassadorException(AmbassadorErrorCode.REASON_REQUIRED, 'reason must not be blank');
    return this.dataSource.transaction(async (manager) => {
      const ambassador = await this.lock(manager, id);
      if (!staffMayMove(ambassador.status, to)) {
        const hint = ambassador.status === 'ONBOARDING' && to === 'ACTIVE' ? ': ambassadors are activated by passing their required training' : '';
        throw new AmbassadorException(AmbassadorErrorCode.INVALID_TRANSITION, `an ambassador who is ${ambassador.status} can't become ${to}${hint}`);
      }
      return this.move(manager, ambassador, to, why, now);
    });
  }

  /** An active ambassador picks their own code: shape, blocklist, and no clash in any case. */
  async requestVanityCode(id: string, requested: string, now = new Date()): Promise<AmbassadorEntity> {
    const checked = checkVanityCode(requested);
    if (!checked.ok) throw new AmbassadorException(AmbassadorErrorCode.INVALID_CODE, checked.problem);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const ambassador = await this.lock(manager, id);
        if (!mayActForBrand(ambassador.status)) {
          throw new AmbassadorException(AmbassadorErrorCode.NOT_ACTIVE, `only active ambassadors may choose a code; this one is ${ambassador.status}`);
        }
        const previousCode = ambassador.referralCode;
        if (previousCode.toUpperCase() === checked.code) return ambassador;
        await manager.update(AmbassadorEntity, { id }, { referralCode: checked.code });
        await this.outbox.append(manager, ReferralCodeChanged, {
          ambassadorId: id,
          programId: ambassador.programId,
          code: checked.code,
          previousCode,
          changedAt: now.toISOString(),
        });
        return { ...ambassador, referralCode: checked.code };
      });
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'ambassadors_referral_code_unique') {
        throw new AmbassadorException(AmbassadorErrorCode.CODE_TAKEN, `code ${checked.code} is taken; try another`);
      }
      throw error;
    }
  }

  private async move(manager: EntityManager, ambassador: AmbassadorEntity, to: AmbassadorStatus, reason: string, now: Date): Promise<AmbassadorEntity> {
    await manager.update(AmbassadorEntity, { id: ambassador.id }, { status: to, statusReason: reason, statusChangedAt: now });
    await this.outbox.append(manager, AmbassadorStatusChanged, {
      ambassadorId: ambassador.id,
      programId: ambassador.programId,
      from: ambassador.status,
      to,
      reason,
      changedAt: now.toISOString(),
    });
    return { ...ambassador, status: to, statusReason: reason, statusChangedAt: now };
  }

  private async lock(manager: EntityManager, id: string): Promise<AmbassadorEntity> {
    const ambassador = isUuid(id) ? await manager.findOne(AmbassadorEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!ambassador) throw new AmbassadorException(AmbassadorErrorCode.NOT_FOUND, `ambassador ${id} does not exist`);
    return ambassador;
  }

  async countInProgram(manager: EntityManager, programId: string): Promise<number> {
    const [row]: Array<{ n: string }> = await manager.query(`SELECT count(*) AS n FROM ambassadors WHERE program_id = $1 AND status <> 'OFFBOARDED'`, [programId]);
    return Number(row.n);
  }

  async get(id: string): Promise<AmbassadorEntity> {
    const ambassador = isUuid(id) ? await this.dataSource.getRepository(AmbassadorEntity).findOneBy({ id }) : null;
    if (!ambassador) throw new AmbassadorException(AmbassadorErrorCode.NOT_FOUND, `ambassador ${id} does not exist`);
    return ambassador;
  }

  async list(filter: { status?: AmbassadorStatus; programId?: string }, first: number, after?: string) {
    const size = Math.min(Math.max(first, 1), MAX_PAGE_SIZE);
    const query = this.dataSource.getRepository(AmbassadorEntity).createQueryBuilder('a').orderBy('a.created_at', 'ASC').addOrderBy('a.id', 'ASC').limit(size + 1);
    if (filter.status) query.andWhere('a.status = :status', { status: filter.status });
    if (filter.programId) query.andWhere('a.program_id = :programId', { programId: filter.programId });
    if (after !== undefined) {
      const position = decodeCursor(after);
      if (!position) throw new AmbassadorException(AmbassadorErrorCode.INVALID_CURSOR, 'after is not a cursor this list gave out');
      query.andWhere('(a.created_at, a.id) > (:createdAt, :id)', position);
    }
    return toPage(await query.getMany(), size);
  }

  // A clash is unlikely (31^4 suffixes per name stem), so a few tries are plenty.
  private async freeReferralCode(manager: EntityManager, name: string): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const code = generateReferralCode(name);
      const taken: unknown[] = await manager.query('SELECT 1 FROM ambassadors WHERE lower(referral_code) = lower($1)', [code]);
      if (taken.length === 0) return code;
    }
    throw new Error(`no free referral code for "${name}" after 10 tries`);
  }
}

