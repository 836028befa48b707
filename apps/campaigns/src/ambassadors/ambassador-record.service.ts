import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AmbassadorActivatedPayload,
  AmbassadorStatusChangedPayload,
  AmbassadorTierChangedPayload,
  ReferralCodeChangedPayload,
} from '@streetteam/contracts';
import { AmbassadorRecordEntity } from './ambassador-record.entity';
import { AmbassadorErrorCode, AmbassadorException } from './ambassador.exception';
import { checkNickname } from './nickname';

/**
 * Keeps campaigns' record of each ambassador. Each fact carries the time it changed at
 * enrollment, and a fact older than the one recorded changes nothing, so a redelivered
 * or re-sent event (even in a new envelope) is applied at most once in effect.
 */
@Injectable()
export class AmbassadorRecordService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async statusChanged(manager: EntityManager, e: AmbassadorStatusChangedPayload): Promise<void> {
    await manager.query(
      `INSERT INTO ambassadors (id, program_id, status, status_changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, status_changed_at = excluded.status_changed_at, updated_at = now()
         WHERE ambassadors.status_changed_at IS NULL OR ambassadors.status_changed_at <= excluded.status_changed_at`,
      [e.ambassadorId, e.programId, e.to, e.changedAt],
    );
  }

  async activated(manager: EntityManager, e: AmbassadorActivatedPayload): Promise<void> {
    await manager.query(
      `INSERT INTO ambassadors (id, program_id, status, status_changed_at, display_name, customer_email_hash, country, referral_code, code_changed_at, activated_at)
       VALUES ($1, $2, 'ACTIVE', $8, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET
         display_name = excluded.display_name, customer_email_hash = excluded.customer_email_hash, country = excluded.country,
         activated_at = excluded.activated_at,
         referral_code = CASE WHEN ambassadors.code_changed_at IS NULL OR ambassadors.code_changed_at <= excluded.code_changed_at THEN excluded.referral_code ELSE ambassadors.referral_code END,
         code_changed_at = greatest(ambassadors.code_changed_at, excluded.code_changed_at),
         updated_at = now()`,
      [e.ambassadorId, e.programId, e.displayName, e.customerEmailHash, e.country, e.referralCode, e.activatedAt, e.activatedAt],
    );
  }

  async codeChanged(manager: EntityManager, e: ReferralCodeChangedPayload): Promise<void> {
    await manager.query(
      `INSERT INTO ambassadors (id, program_id, status, referral_code, code_changed_at) VALUES ($1, $2, 'ONBOARDING', $3, $4)
       ON CONFLICT (id) DO UPDATE SET referral_code = excluded.referral_code, code_changed_at = excluded.code_changed_at, updated_at = now()
         WHERE ambassadors.code_changed_at IS NULL OR ambassadors.code_changed_at <= excluded.code_changed_at`,
      [e.ambassadorId, e.programId, e.code, e.changedAt],
    );
  }

  async tierChanged(manager: EntityManager, e: AmbassadorTierChangedPayload): Promise<void> {
    await manager.query(
      `INSERT INTO ambassadors (id, program_id, status, tier_id, multiplier_bps, tier_changed_at) VALUES ($1, $2, 'ONBOARDING', $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET tier_id = excluded.tier_id, multiplier_bps = excluded.multiplier_bps, tier_changed_at = excluded.tier_changed_at, updated_at = now()
         WHERE ambassadors.tier_changed_at IS NULL OR ambassadors.tier_changed_at <= excluded.tier_changed_at`,
      [e.ambassadorId, e.programId, e.toTierId, e.multiplierBps, e.changedAt],
    );
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<AmbassadorRecordEntity | null> {
    return manager.findOne(AmbassadorRecordEntity, { where: { id } });
  }

  /** The ambassador whose referral code this is (codes compare case-insensitively). */
  async findByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<AmbassadorRecordEntity | null> {
    return manager
      .createQueryBuilder(AmbassadorRecordEntity, 'a')
      .where('lower(a.referral_code) = lower(:code)', { code })
      .orderBy('a.code_changed_at', 'DESC', 'NULLS LAST')
      .getOne();
  }

  /** The ambassador picks the name leaderboards show instead of their own. */
  async setNickname(ambassadorId: string, nickname: string | null, showNickname: boolean): Promise<AmbassadorRecordEntity> {
    const checked = checkNickname(nickname, showNickname);
    if (!checked.ok) throw new AmbassadorException(AmbassadorErrorCode.INVALID_NICKNAME, checked.problem, { field: checked.field });
    return this.dataSource.transaction(async (manager) => {
      const record = await manager.findOne(AmbassadorRecordEntity, { where: { id: ambassadorId }, lock: { mode: 'pessimistic_write' } });
      if (!record) throw new AmbassadorException(AmbassadorErrorCode.NOT_FOUND, `ambassadorId: campaigns has no record of ambassador ${ambassadorId} yet`);
      await manager.update(AmbassadorRecordEntity, { id: ambassadorId }, { nickname: checked.nickname, showNickname, updatedAt: new Date() });
      return { ...record, nickname: checked.nickname, showNickname };
    });
  }
}
