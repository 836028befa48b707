import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ProgramEntity } from '../programs/program.entity';
import { CampaignRuleVersionEntity } from './campaign-rule-version.entity';
import { CampaignEntity } from './campaign.entity';
import { CampaignErrorCode, CampaignException } from './campaign.exception';
import { budgetUsedBps, CampaignRuleViolation, CampaignStatus, checkDates, checkRuleSet, checkTransition, CommissionRuleSet } from './campaign-rules';
import { CreateCampaignInput, UpdateCampaignInput } from './campaign.model';

export interface CampaignBudgetView {
  capMinor: number | null;
  accruedMinor: number;
  remainingMinor: number | null;
  usedBps: number | null;
  dailyCapMinor: number | null;
  monthlyCapMinor: number | null;
  todayMinor: number;
  thisMonthMinor: number;
}

const MAX_PAGE = 200;

@Injectable()
export class CampaignService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(input: CreateCampaignInput, createdBy: string, now = new Date()): Promise<CampaignEntity> {
    this.check(() => checkDates(input.startsAt, input.endsAt ?? null));
    const rules = this.check(() => checkRuleSet(input.rules));
    return this.dataSource.transaction(async (manager) => {
      const program = await manager.findOne(ProgramEntity, { where: { id: input.programId } });
      if (!program) throw new CampaignException(CampaignErrorCode.PROGRAM_NOT_FOUND, `programId: no program ${input.programId} (not created, or not yet recorded by campaigns)`);
      const campaign = manager.create(CampaignEntity, {
        id: randomUUID(),
        programId: program.id,
        name: input.name.trim(),
        objective: input.objective,
        status: 'DRAFT',
        startsAt: input.startsAt,
        endsAt: input.endsAt ?? null,
        currency: program.currency,
        budgetCapMinor: input.budgetCapMinor ?? null,
        dailyCapMinor: input.dailyCapMinor ?? null,
        monthlyCapMinor: input.monthlyCapMinor ?? null,
        accruedMinor: 0,
        eligibleTierIds: input.eligibleTierIds,
        attributionWindowDays: input.attributionWindowDays,
        precedence: input.precedence,
        recurringMonths: input.recurringMonths,
        landingUrl: input.landingUrl ?? null,
        createdBy,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(CampaignEntity, campaign);
      // The first version is in force from the campaign's creation, so orders before its start never find rules.
      await this.insertVersion(manager, campaign.id, 1, rules, createdBy, now);
      return campaign;
    });
  }

  async update(input: UpdateCampaignInput, now = new Date()): Promise<CampaignEntity> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.lock(manager, input.id);
      if (campaign.status === 'ENDED') throw new CampaignException(CampaignErrorCode.ENDED, `id: campaign ${input.id} has ended and can't change`);
      const changes: Partial<CampaignEntity> = {};
      if (input.name !== undefined && input.name !== null) changes.name = input.name.trim();
      if (input.endsAt !== undefined) changes.endsAt = input.endsAt;
      // A cap given as null is removed; the other settings can't be unset, so null leaves them.
      for (const key of ['budgetCapMinor', 'dailyCapMinor', 'monthlyCapMinor'] as const) {
        if (input[key] !== undefined) changes[key] = input[key] ?? null;
      }
      for (const key of ['attributionWindowDays', 'precedence', 'recurringMonths', 'eligibleTierIds', 'landingUrl'] as const) {
        if (input[key] !== undefined && input[key] !== null) (changes as Record<string, unknown>)[key] = input[key];
      }
      this.check(() => checkDates(campaign.startsAt, changes.endsAt !== undefined ? changes.endsAt : campaign.endsAt));
      Object.assign(campaign, changes, { updatedAt: now });
      await manager.update(CampaignEntity, { id: campaign.id }, { ...changes, updatedAt: now });
      return campaign;
    });
  }

  async changeStatus(id: string, status: CampaignStatus, now = new Date()): Promise<CampaignEntity> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.lock(manager, id);
      this.check(() => checkTransition(campaign.status, status));
      await manager.update(CampaignEntity, { id }, { status, updatedAt: now });
      return { ...campaign, status, updatedAt: now };
    });
  }

  /** A new version of the rules, in force from now; sales before now keep the version they had. */
  async publishRules(campaignId: string, input: CommissionRuleSet, createdBy: string, now = new Date()): Promise<CampaignRuleVersionEntity> {
    const rules = this.check(() => checkRuleSet(input));
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.lock(manager, campaignId);
      if (campaign.status === 'ENDED') throw new CampaignException(CampaignErrorCode.ENDED, `campaignId: campaign ${campaignId} has ended and can't change`);
      const [{ max }] = (await manager.query('SELECT coalesce(max(version), 0)::int AS max FROM campaign_rule_versions WHERE campaign_id = $1', [campaignId])) as Array<{ max: number }>;
      return this.insertVersion(manager, campaignId, max + 1, rules, createdBy, now);
    });
  }

  async get(id: string): Promise<CampaignEntity> {
    const campaign = await this.dataSource.getRepository(CampaignEntity).findOne({ where: { id } });
    if (!campaign) throw new CampaignException(CampaignErrorCode.NOT_FOUND, `id: no campaign ${id}`);
    return campaign;
  }

  list(filter: { programId?: string; status?: CampaignStatus }, first: number): Promise<CampaignEntity[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw new CampaignException(CampaignErrorCode.INVALID_INPUT, `first must be from 1 to ${MAX_PAGE}`);
    return this.dataSource.getRepository(CampaignEntity).find({ where: { ...filter }, order: { createdAt: 'DESC', id: 'ASC' }, take: first });
  }

  versions(campaignId: string): Promise<CampaignRuleVersionEntity[]> {
    return this.dataSource.getRepository(CampaignRuleVersionEntity).find({ where: { campaignId }, order: { version: 'DESC' } });
  }

  async budget(campaign: CampaignEntity, now = new Date()): Promise<CampaignBudgetView> {
    const day = now.toISOString().slice(0, 10);
    const month = `${day.slice(0, 7)}-01`;
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(sum(amount_minor) FILTER (WHERE day = $2::date), 0)::bigint AS today,
              coalesce(sum(amount_minor) FILTER (WHERE day >= $3::date), 0)::bigint AS month
         FROM campaign_daily_spend WHERE campaign_id = $1 AND day >= $3::date`,
      [campaign.id, day, month],
    )) as Array<{ today: string; month: string }>;
    return {
      capMinor: campaign.budgetCapMinor,
      accruedMinor: campaign.accruedMinor,
      remainingMinor: campaign.budgetCapMinor === null ? null : Math.max(0, campaign.budgetCapMinor - campaign.accruedMinor),
      usedBps: budgetUsedBps(campaign.accruedMinor, campaign.budgetCapMinor),
      dailyCapMinor: campaign.dailyCapMinor,
      monthlyCapMinor: campaign.monthlyCapMinor,
      todayMinor: Number(row.today),
      thisMonthMinor: Number(row.month),
    };
  }

  private async insertVersion(manager: EntityManager, campaignId: string, version: number, rules: CommissionRuleSet, createdBy: string, now: Date): Promise<CampaignRuleVersionEntity> {
    const entity = manager.create(CampaignRuleVersionEntity, {
      campaignId,
      version,
      effectiveFrom: now,
      percentBps: rules.percentBps,
      flatPerSaleMinor: rules.flatPerSaleMinor,
      flatPerLeadMinor: rules.flatPerLeadMinor,
      // Stored as plain objects: absent rates stay absent, so they fall back to the campaign's.
      tierOverrides: rules.tierOverrides.map((o) => JSON.parse(JSON.stringify(o)) as typeof o),
      pointsPerSale: rules.pointsPerSale,
      pointsPerLead: rules.pointsPerLead,
      createdBy,
      createdAt: now,
    });
    await manager.insert(CampaignRuleVersionEntity, entity);
    return entity;
  }

  private async lock(manager: EntityManager, id: string): Promise<CampaignEntity> {
    const campaign = await manager.findOne(CampaignEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!campaign) throw new CampaignException(CampaignErrorCode.NOT_FOUND, `id: no campaign ${id}`);
    return campaign;
  }

  private check<T>(rule: () => T): T {
    try {
      return rule();
    } catch (error) {
      if (error instanceof CampaignRuleViolation) {
        throw new CampaignException(error.kind === 'TRANSITION' ? CampaignErrorCode.INVALID_TRANSITION : CampaignErrorCode.INVALID_INPUT, error.message, { field: error.field });
      }
      throw error;
    }
  }
}
