import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CommissionEarned,
  CommissionEarnedPayload,
  CommissionHoldChanged,
  CommissionReversalCause,
  CommissionReversed,
  CommissionReversedPayload,
  CommissionSource,
} from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { returning } from '@streetteam/persistence';
import { CommissionRuleSet, ruleVersionAt, VersionedRuleSet } from '../campaigns/campaign-rules';
import { CommissionErrorCode, CommissionException } from './commission.exception';
import { applyCaps, capRoom, commissionFor, holdUntil, remainingShare, reversalShare, Share } from './commission-rules';

/** An attributed sale to pay, in the attribution's transaction. */
export interface SaleToPay {
  /** Named by the caller, so what it writes in the same transaction (fraud flags) can refer to it. */
  commissionId: string;
  conversionId: string;
  orderId: string;
  ambassadorId: string;
  programId: string;
  campaignId: string;
  source: Extract<CommissionSource, 'ORDER' | 'RECURRING_ORDER'>;
  saleAmountMinor: number;
  currency: string;
  placedAt: Date;
  tierId: string | null;
  multiplierBps: number;
  /** Held from the start (a fraud flag on the order), announced by a CommissionHoldChanged after its CommissionEarned. */
  hold: { reason: string; at: Date } | null;
}

/** An attributed lead to pay, in the attribution's transaction. */
export interface LeadToPay {
  commissionId: string;
  conversionId: string;
  leadId: string;
  ambassadorId: string;
  programId: string;
  campaignId: string;
  capturedAt: Date;
  tierId: string | null;
  multiplierBps: number;
}

/** A sale or a lead, as both are paid: a lead has no order, no sale amount and no currency of its own. */
type Payable = Omit<SaleToPay, 'source' | 'orderId' | 'currency' | 'placedAt'> & {
  kind: 'SALE' | 'LEAD';
  source: Extract<CommissionSource, 'ORDER' | 'RECURRING_ORDER' | 'LEAD'>;
  orderId: string | null;
  leadId: string | null;
  currency: string | null;
  at: Date;
};

export interface EarnedCommission {
  commissionId: string;
  orderId: string | null;
  ambassadorId: string;
  programId: string;
  campaignId: string;
  amountMinor: number;
  points: number;
  capNote: string | null;
}

export interface BountyToPay {
  ambassadorId: string;
  campaignId: string;
  missionSubmissionId: string;
  amountMinor: number;
  points: number;
}

export interface TakeBack {
  orderId: string;
  cause: Exclude<CommissionReversalCause, 'FRAUD_VOID'>;
  /** refund:<refund id> or claim:<resolution id>: one reversal per cause, once. */
  causeRef: string;
  /** How much more of the sale this takes back (the refund's or the claim's amount). */
  saleMinor: number;
  stripeRefundId?: string;
  reason: string;
  at: Date;
}

interface CampaignRow {
  id: string;
  program_id: string;
  status: 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ENDED';
  starts_at: Date;
  ends_at: Date | null;
  currency: string;
  budget_cap_minor: string | null;
  daily_cap_minor: string | null;
  monthly_cap_minor: string | null;
  accrued_minor: string;
}

interface CampaignState {
  row: CampaignRow;
  /** Locked since it was read: it has a cap, so what a sale earns depends on its accrual and spend. */
  locked: boolean;
  accruedMinor: number;
  budgetCapMinor: number | null;
  dailyCapMinor: number | null;
  monthlyCapMinor: number | null;
  rules: VersionedRuleSet[];
  guaranteeWindowDays: number;
  /** Spend per UTC day (yyyy-mm-dd) already booked, and what this batch adds. */
  spend: Map<string, number>;
  added: Map<string, number>;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
const hasCap = (c: Pick<CampaignRow, 'budget_cap_minor' | 'daily_cap_minor' | 'monthly_cap_minor'>) => c.budget_cap_minor !== null || c.daily_cap_minor !== null || c.monthly_cap_minor !== null;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Commissions: earned by the campaign's rules in force at the sale or lead, cut by the caps,
 * held for the guarantee window, and taken back in proportion by refunds and claims.
 * Every method runs in the caller's transaction and writes its events to the outbox there.
 */
@Injectable()
export class CommissionService {
  constructor(private readonly outbox: Outbox) {}

  /**
   * `beforeBooking` is the caller's work that needs the commissions written but not the
   * campaign: it runs before the accrual is booked, which locks the campaign row of one
   * without caps until the commit, so batches of a busy campaign queue for less.
   */
  earnForSales(manager: EntityManager, sales: SaleToPay[], beforeBooking?: () => Promise<void>): Promise<void> {
    return this.earnForReferrals(
      manager,
      sales.map((s) => ({ ...s, kind: 'SALE', leadId: null, at: s.placedAt })),
      beforeBooking,
    );
  }

  /**
   * Pays attributed leads the campaign's flat amount and points per lead (tier override, ×
   * the multiplier, caps, held from the capture for the guarantee window). A campaign that
   * pays nothing per lead gets no commission row at all: there is nothing to hold, release
   * or reverse, and the lead's conversion already says who it was credited to.
   */
  earnForLeads(manager: EntityManager, leads: LeadToPay[]): Promise<void> {
    return this.earnForReferrals(
      manager,
      leads.map((l) => ({ ...l, kind: 'LEAD', source: 'LEAD', orderId: null, saleAmountMinor: 0, currency: null, at: l.capturedAt, hold: null })),
    );
  }

  private async earnForReferrals(manager: EntityManager, referrals: Payable[], beforeBooking?: () => Promise<void>): Promise<void> {
    if (referrals.length === 0) return beforeBooking?.();
    const states = await this.loadCampaigns(manager, [...new Set(referrals.map((s) => s.campaignId))], referrals.map((s) => s.at));
    const rows: Array<EarnedCommission & { sale: Payable; currency: string; uncapped: number; ruleVersion: number | null; holdUntil: Date }> = [];
    for (const sale of referrals) {
      const state = states.get(sale.campaignId);
      if (!state) throw new Error(`campaign ${sale.campaignId} of ${sale.orderId ? `order ${sale.orderId}` : `lead ${sale.leadId}`} vanished`);
      // A lead carries no currency: it is paid in its campaign's.
      const currency = sale.currency ?? state.row.currency;
      const version = ruleVersionAt(state.rules, sale.at);
      const earned = version
        ? commissionFor(version, { kind: sale.kind, saleAmountMinor: sale.saleAmountMinor, currency, tierId: sale.tierId, multiplierBps: sale.multiplierBps })
        : { amountMinor: 0, points: 0 };
      if (sale.kind === 'LEAD' && earned.amountMinor === 0 && earned.points === 0) continue;
      const capped = this.capAndBook(state, earned.amountMinor, sale.at);
      rows.push({
        sale,
        currency,
        commissionId: sale.commissionId,
        orderId: sale.orderId,
        ambassadorId: sale.ambassadorId,
        programId: sale.programId,
        campaignId: sale.campaignId,
        amountMinor: capped.amountMinor,
        points: earned.points,
        capNote: version ? capped.capNote : 'no commission rules were in force when the order was placed',
        uncapped: earned.amountMinor,
        ruleVersion: version?.version ?? null,
        holdUntil: holdUntil(sale.at, state.guaranteeWindowDays),
      });
    }
    if (rows.length === 0) return beforeBooking?.();
    await manager.query(
      `INSERT INTO commissions (id, ambassador_id, program_id, campaign_id, source, conversion_id, order_id, lead_id, rule_version, amount_minor, uncapped_minor, cap_note, sale_amount_minor, points, currency, earned_at, hold_until, fraud_held)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::int[], $10::bigint[], $11::bigint[], $12::text[], $13::bigint[], $14::bigint[], $15::char(3)[], $16::timestamptz[], $17::timestamptz[], $18::boolean[])`,
      [
        rows.map((r) => r.commissionId),
        rows.map((r) => r.ambassadorId),
        rows.map((r) => r.programId),
        rows.map((r) => r.campaignId),
        rows.map((r) => r.sale.source),
        rows.map((r) => r.sale.conversionId),
        rows.map((r) => r.orderId),
        rows.map((r) => r.sale.leadId),
        rows.map((r) => r.ruleVersion),
        rows.map((r) => r.amountMinor),
        rows.map((r) => r.uncapped),
        rows.map((r) => r.capNote),
        rows.map((r) => r.sale.saleAmountMinor),
        rows.map((r) => r.points),
        rows.map((r) => r.currency),
        rows.map((r) => r.sale.at.toISOString()),
        rows.map((r) => r.holdUntil.toISOString()),
        rows.map((r) => r.sale.hold !== null),
      ],
    );
    await this.outbox.appendAll(
      manager,
      CommissionEarned,
      rows
        .filter((r) => r.amountMinor > 0 || r.points > 0)
        .map(
          (r): CommissionEarnedPayload => ({
            commissionId: r.commissionId,
            ambassadorId: r.ambassadorId,
            programId: r.programId,
            campaignId: r.campaignId,
            source: r.sale.source,
            orderId: r.orderId ?? undefined,
            leadId: r.sale.leadId ?? undefined,
            amountMinor: r.amountMinor,
            currency: r.currency,
            saleAmountMinor: r.sale.saleAmountMinor,
            points: r.points,
            earnedAt: r.sale.at.toISOString(),
            holdUntil: r.holdUntil.toISOString(),
          }),
        ),
    );
    await this.outbox.appendAll(
      manager,
      CommissionHoldChanged,
      rows.flatMap((r) =>
        r.sale.hold ? [{ commissionId: r.commissionId, ambassadorId: r.ambassadorId, programId: r.programId, held: true, reason: r.sale.hold.reason.slice(0, 500), changedAt: r.sale.hold.at.toISOString() }] : [],
      ),
    );
    await beforeBooking?.();
    await this.saveSpend(manager, states);
  }

  /**
   * Pays an approved mission's bounty in the caller's transaction (the missions
   * feature's approval): a commission like any other (caps, hold, CommissionEarned
   * with source MISSION_BOUNTY). Paid once per submission: asking again returns it.
   */
  async earnBounty(manager: EntityManager, bounty: BountyToPay, now = new Date()): Promise<EarnedCommission> {
    if (!Number.isSafeInteger(bounty.amountMinor) || bounty.amountMinor < 0) throw new CommissionException(CommissionErrorCode.INVALID_AMOUNT, `amountMinor must be a non-negative integer, got ${bounty.amountMinor}`);
    if (!Number.isSafeInteger(bounty.points) || bounty.points < 0) throw new CommissionException(CommissionErrorCode.INVALID_AMOUNT, `points must be a non-negative integer, got ${bounty.points}`);
    const existing = (await manager.query('SELECT id, ambassador_id, program_id, campaign_id, amount_minor, points, cap_note FROM commissions WHERE mission_submission_id = $1', [bounty.missionSubmissionId])) as Array<Record<string, string>>;
    if (existing.length > 0) {
      const e = existing[0];
      return { commissionId: e.id, orderId: null, ambassadorId: e.ambassador_id, programId: e.program_id, campaignId: e.campaign_id, amountMinor: Number(e.amount_minor), points: Number(e.points), capNote: e.cap_note ?? null };
    }
    // One approval contends with nobody: locked at once, so a cap set meanwhile can't fail the approval.
    const states = await this.loadCampaigns(manager, [bounty.campaignId], [now], { lockEvery: true });
    const state = states.get(bounty.campaignId);
    if (!state) throw new CommissionException(CommissionErrorCode.CAMPAIGN_NOT_FOUND, `campaignId: no campaign ${bounty.campaignId}`);
    const capped = this.capAndBook(state, bounty.amountMinor, now);
    const commissionId = randomUUID();
    const hold = holdUntil(now, state.guaranteeWindowDays);
    await manager.query(
      `INSERT INTO commissions (id, ambassador_id, program_id, campaign_id, source, mission_submission_id, amount_minor, uncapped_minor, cap_note, sale_amount_minor, points, currency, earned_at, hold_until)
       VALUES ($1, $2, $3, $4, 'MISSION_BOUNTY', $5, $6, $7, $8, 0, $9, $10, $11, $12)`,
      [commissionId, bounty.ambassadorId, state.row.program_id, bounty.campaignId, bounty.missionSubmissionId, capped.amountMinor, bounty.amountMinor, capped.capNote, bounty.points, state.row.currency, now, hold],
    );
    await this.saveSpend(manager, states);
    if (capped.amountMinor > 0 || bounty.points > 0) {
      await this.outbox.append(manager, CommissionEarned, {
        commissionId,
        ambassadorId: bounty.ambassadorId,
        programId: state.row.program_id,
        campaignId: bounty.campaignId,
        source: 'MISSION_BOUNTY',
        missionSubmissionId: bounty.missionSubmissionId,
        amountMinor: capped.amountMinor,
        currency: state.row.currency,
        saleAmountMinor: 0,
        points: bounty.points,
        earnedAt: now.toISOString(),
        holdUntil: hold.toISOString(),
      });
    }
    return { commissionId, orderId: null, ambassadorId: bounty.ambassadorId, programId: state.row.program_id, campaignId: bounty.campaignId, amountMinor: capped.amountMinor, points: bounty.points, capNote: capped.capNote };
  }

  /** Takes back the order's commission in proportion to `saleMinor`; null when the order earned none. */
  async takeBack(manager: EntityManager, t: TakeBack): Promise<CommissionReversedPayload | null> {
    const commission = await this.lockCommission(manager, 'order_id', t.orderId);
    if (!commission) return null;
    // Asked under the commission's lock, which a claim holds from its first read: a refund and a
    // claim for one Stripe refund, handled side by side by two consumers, see each other's rows.
    if (t.stripeRefundId && (await this.refundAccountedFor(manager, t.stripeRefundId, t.cause))) return null;
    const taken = commission.reversedSale.saleAmountMinor + t.saleMinor;
    const share = reversalShare(commission.earned, commission.reversedSale, commission.earned.saleAmountMinor, taken);
    return this.reverse(manager, commission, share, { cause: t.cause, causeRef: t.causeRef, stripeRefundId: t.stripeRefundId, reason: t.reason, at: t.at });
  }

  /**
   * A Stripe refund moves a commission once: reversed already (as a refund or as a claim), or,
   * for the shop's report of it, decided by a guarantee claim (the claim reversed or absorbed it).
   */
  private async refundAccountedFor(manager: EntityManager, stripeRefundId: string, cause: TakeBack['cause']): Promise<boolean> {
    const seen = (await manager.query(
      `SELECT 1 FROM commission_reversals WHERE stripe_refund_id = $1
       UNION ALL SELECT 1 FROM guarantee_claims WHERE stripe_refund_id = $1 AND $2 = 'REFUND' LIMIT 1`,
      [stripeRefundId, cause],
    )) as unknown[];
    return seen.length > 0;
  }

  /** Takes back all that is left of a commission (ops voided a fraud flag). */
  async voidRemaining(manager: EntityManager, commissionId: string, causeRef: string, reason: string, at: Date): Promise<CommissionReversedPayload | null> {
    const commission = await this.lockCommission(manager, 'id', commissionId);
    if (!commission) return null;
    return this.reverse(manager, commission, remainingShare(commission.earned, commission.reversedSale), { cause: 'FRAUD_VOID', causeRef, reason, at });
  }

  /** Holds (or releases) commissions at once; each whose hold changed says so in a CommissionHoldChanged. */
  async setHeld(manager: EntityManager, changes: Array<{ commissionId: string; reason: string }>, held: boolean, at: Date): Promise<void> {
    if (changes.length === 0) return;
    const rows = await returning<{ id: string; ambassador_id: string; program_id: string }>(
      manager,
      'UPDATE commissions c SET fraud_held = $2 FROM unnest($1::uuid[]) AS v(id) WHERE c.id = v.id AND c.fraud_held <> $2 RETURNING c.id, c.ambassador_id, c.program_id',
      [changes.map((c) => c.commissionId), held],
    );
    const changed = new Map(rows.map((r) => [r.id, r]));
    await this.outbox.appendAll(
      manager,
      CommissionHoldChanged,
      changes
        .filter((c) => changed.has(c.commissionId))
        .map((c) => {
          const row = changed.get(c.commissionId)!;
          return { commissionId: c.commissionId, ambassadorId: row.ambassador_id, programId: row.program_id, held, reason: c.reason.slice(0, 500), changedAt: at.toISOString() };
        }),
    );
  }

  async released(manager: EntityManager, commissionId: string, at: string): Promise<void> {
    await manager.query('UPDATE commissions SET released_at = $2 WHERE id = $1 AND released_at IS NULL', [commissionId, at]);
  }

  async paid(manager: EntityManager, commissionIds: string[], payoutId: string, at: string): Promise<void> {
    await manager.query('UPDATE commissions SET paid_at = $3, payout_id = $2 WHERE id = ANY($1::uuid[]) AND paid_at IS NULL', [commissionIds, payoutId, at]);
  }

  private async reverse(
    manager: EntityManager,
    commission: LockedCommission,
    share: Share,
    cause: { cause: CommissionReversalCause; causeRef: string; stripeRefundId?: string; reason: string; at: Date },
  ): Promise<CommissionReversedPayload | null> {
    const reversalId = randomUUID();
    const inserted = (await manager.query(
      `INSERT INTO commission_reversals (id, commission_id, cause, cause_ref, stripe_refund_id, amount_minor, sale_amount_minor, points, reason, reversed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (cause_ref) DO NOTHING RETURNING id`,
      [reversalId, commission.id, cause.cause, cause.causeRef, cause.stripeRefundId ?? null, share.amountMinor, share.saleAmountMinor, share.points, cause.reason.slice(0, 500), cause.at],
    )) as unknown[];
    if (inserted.length === 0) return null;
    await manager.query(
      'UPDATE commissions SET reversed_minor = reversed_minor + $2, reversed_sale_minor = reversed_sale_minor + $3, reversed_points = reversed_points + $4 WHERE id = $1',
      [commission.id, share.amountMinor, share.saleAmountMinor, share.points],
    );
    if (share.amountMinor > 0) {
      // What is taken back frees the budget and the day's spend it used.
      await manager.query('UPDATE campaigns SET accrued_minor = accrued_minor - $2 WHERE id = $1', [commission.campaignId, share.amountMinor]);
      await manager.query('UPDATE campaign_daily_spend SET amount_minor = amount_minor - $3 WHERE campaign_id = $1 AND day = $2::date', [commission.campaignId, dayOf(commission.earnedAt), share.amountMinor]);
    }
    if (share.amountMinor === 0 && share.saleAmountMinor === 0 && share.points === 0) return null;
    const payload: CommissionReversedPayload = {
      reversalId,
      commissionId: commission.id,
      ambassadorId: commission.ambassadorId,
      programId: commission.programId,
      cause: cause.cause,
      amountMinor: share.amountMinor,
      saleAmountMinor: share.saleAmountMinor,
      points: share.points,
      currency: commission.currency,
      reason: cause.reason.slice(0, 500),
      reversedAt: cause.at.toISOString(),
    };
    await this.outbox.append(manager, CommissionReversed, payload);
    return payload;
  }

  private async lockCommission(manager: EntityManager, by: 'id' | 'order_id', value: string): Promise<LockedCommission | null> {
    const rows = (await manager.query(
      `SELECT id, ambassador_id, program_id, campaign_id, currency, earned_at, amount_minor, sale_amount_minor, points, reversed_minor, reversed_sale_minor, reversed_points
         FROM commissions WHERE ${by} = $1 FOR UPDATE`,
      [value],
    )) as Array<Record<string, string>>;
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      id: r.id,
      ambassadorId: r.ambassador_id,
      programId: r.program_id,
      campaignId: r.campaign_id,
      currency: r.currency,
      earnedAt: new Date(r.earned_at),
      earned: { amountMinor: Number(r.amount_minor), saleAmountMinor: Number(r.sale_amount_minor), points: Number(r.points) },
      reversedSale: { amountMinor: Number(r.reversed_minor), saleAmountMinor: Number(r.reversed_sale_minor), points: Number(r.reversed_points) },
    };
  }

  /**
   * Loads the campaigns' rules, windows and caps; those with a cap are locked in id order (no
   * deadlock between partitions) and their accrual and spend read under the lock, since the
   * caps cut what a sale earns. One without caps pays every sale in full: it is locked only by
   * saveSpend at the end of the transaction, so order batches of a busy campaign queue for
   * the accrual update and commit, not for the whole batch.
   * FOR NO KEY UPDATE, the lock an UPDATE of accrued_minor takes anyway: it serialises the caps
   * without waiting on the key-share locks that rows referencing the campaign (a leaderboard
   * entry, a day's spend) hold until their transactions commit.
   */
  private async loadCampaigns(manager: EntityManager, campaignIds: string[], times: Date[], { lockEvery = false } = {}): Promise<Map<string, CampaignState>> {
    const ids = [...campaignIds].sort();
    const select = `SELECT c.id, c.program_id, c.status, c.starts_at, c.ends_at, c.currency, c.budget_cap_minor, c.daily_cap_minor, c.monthly_cap_minor, c.accrued_minor
         FROM campaigns c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id`;
    const read = (await manager.query(select, [ids])) as CampaignRow[];
    const lockIds = read.filter((c) => lockEvery || hasCap(c)).map((c) => c.id);
    const locked = lockIds.length > 0 ? ((await manager.query(`${select} FOR NO KEY UPDATE`, [lockIds])) as CampaignRow[]) : [];
    const lockedIds = new Set(locked.map((c) => c.id));
    const campaigns = [...locked, ...read.filter((c) => !lockedIds.has(c.id))];
    const versions = (await manager.query('SELECT * FROM campaign_rule_versions WHERE campaign_id = ANY($1::uuid[])', [ids])) as Array<Record<string, unknown>>;
    const programs = (await manager.query('SELECT id, guarantee_window_days FROM programs WHERE id = ANY($1::uuid[])', [[...new Set(campaigns.map((c) => c.program_id))]])) as Array<{ id: string; guarantee_window_days: number }>;
    const spend = lockedIds.size
      ? ((await manager.query(`SELECT campaign_id, to_char(day, 'YYYY-MM-DD') AS day, amount_minor FROM campaign_daily_spend WHERE campaign_id = ANY($1::uuid[]) AND day >= $2::date`, [
          [...lockedIds],
          `${dayOf(new Date(Math.min(...times.map((t) => t.getTime())))).slice(0, 7)}-01`,
        ])) as Array<{ campaign_id: string; day: string; amount_minor: string }>)
      : [];
    const windows = new Map(programs.map((p) => [p.id, p.guarantee_window_days]));
    const states = new Map<string, CampaignState>();
    for (const row of campaigns) {
      states.set(row.id, {
        row,
        locked: lockedIds.has(row.id),
        accruedMinor: Number(row.accrued_minor),
        budgetCapMinor: num(row.budget_cap_minor),
        dailyCapMinor: num(row.daily_cap_minor),
        monthlyCapMinor: num(row.monthly_cap_minor),
        rules: versions.filter((v) => v.campaign_id === row.id).map(toVersion),
        guaranteeWindowDays: windows.get(row.program_id) ?? 30,
        spend: new Map(spend.filter((s) => s.campaign_id === row.id).map((s) => [s.day, Number(s.amount_minor)])),
        added: new Map(),
      });
    }
    return states;
  }

  private capAndBook(state: CampaignState, amountMinor: number, at: Date): { amountMinor: number; capNote: string | null } {
    const day = dayOf(at);
    const month = day.slice(0, 7);
    const daySpent = (state.spend.get(day) ?? 0) + (state.added.get(day) ?? 0);
    let monthSpent = 0;
    for (const [d, v] of state.spend) if (d.startsWith(month)) monthSpent += v;
    for (const [d, v] of state.added) if (d.startsWith(month)) monthSpent += v;
    const capped = applyCaps(amountMinor, capRoom(state, { dayMinor: daySpent, monthMinor: monthSpent }));
    state.accruedMinor += capped.amountMinor;
    state.added.set(day, (state.added.get(day) ?? 0) + capped.amountMinor);
    return capped;
  }

  /** Books what the sales added to their campaigns' accrual and daily spend: the last writes of the transaction. */
  private async saveSpend(manager: EntityManager, states: Map<string, CampaignState>): Promise<void> {
    const changed = [...states.values()].filter((s) => [...s.added.values()].some((v) => v > 0));
    if (changed.length === 0) return;
    const unlocked = changed.filter((s) => !s.locked).map((s) => s.row.id).sort();
    if (unlocked.length > 0) {
      const now = (await manager.query(
        `SELECT c.id, c.budget_cap_minor, c.daily_cap_minor, c.monthly_cap_minor FROM campaigns c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id FOR NO KEY UPDATE`,
        [unlocked],
      )) as Array<Pick<CampaignRow, 'id' | 'budget_cap_minor' | 'daily_cap_minor' | 'monthly_cap_minor'>>;
      // Paid in full as uncapped: true still under the lock, or the transaction is undone and tried again.
      const capped = now.find(hasCap);
      if (capped) throw new Error(`campaign ${capped.id} took a cap while its sales were being paid in full; try again`);
    }
    await manager.query('UPDATE campaigns c SET accrued_minor = c.accrued_minor + v.added FROM unnest($1::uuid[], $2::bigint[]) AS v(id, added) WHERE c.id = v.id', [
      changed.map((s) => s.row.id),
      changed.map((s) => [...s.added.values()].reduce((sum, v) => sum + v, 0)),
    ]);
    const days = changed.flatMap((s) => [...s.added].filter(([, v]) => v > 0).map(([day, v]) => ({ id: s.row.id, day, v })));
    await manager.query(
      `INSERT INTO campaign_daily_spend (campaign_id, day, amount_minor) SELECT * FROM unnest($1::uuid[], $2::date[], $3::bigint[])
       ON CONFLICT (campaign_id, day) DO UPDATE SET amount_minor = campaign_daily_spend.amount_minor + excluded.amount_minor`,
      [days.map((d) => d.id), days.map((d) => d.day), days.map((d) => d.v)],
    );
    for (const s of changed) {
      for (const [day, v] of s.added) s.spend.set(day, (s.spend.get(day) ?? 0) + v);
      s.added.clear();
    }
  }
}

interface LockedCommission {
  id: string;
  ambassadorId: string;
  programId: string;
  campaignId: string;
  currency: string;
  earnedAt: Date;
  earned: Share;
  reversedSale: Share;
}

function toVersion(v: Record<string, unknown>): VersionedRuleSet {
  const rules: CommissionRuleSet = {
    percentBps: Number(v.percent_bps),
    flatPerSaleMinor: Number(v.flat_per_sale_minor),
    flatPerLeadMinor: Number(v.flat_per_lead_minor),
    tierOverrides: v.tier_overrides as CommissionRuleSet['tierOverrides'],
    pointsPerSale: Number(v.points_per_sale),
    pointsPerLead: Number(v.points_per_lead),
  };
  return { ...rules, version: Number(v.version), effectiveFrom: new Date(v.effective_from as string) };
}

