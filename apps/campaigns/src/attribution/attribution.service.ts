import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LeadCapturedPayload, OrderAttributed, OrderAttributedPayload, OrderPlacedPayload } from '@streetteam/contracts';
import { backoffDelay, Outbox, RetryPolicy } from '@streetteam/messaging';
import { isRunningAt, tierIsEligible } from '../campaigns/campaign-rules';
import { ClaimService } from '../commissions/claim.service';
import { CommissionService, LeadToPay, SaleToPay } from '../commissions/commission.service';
import { FraudService } from '../fraud/fraud.service';
import { LeadStore } from '../orders/lead-store';
import { OrderStore } from '../orders/order-store';
import { RefundService } from '../orders/refund.service';
import { TRACKING_SETTINGS, TrackingSettings } from '../tracking-settings';
import { AmbassadorFacts, attribute, CampaignFacts, Decision, Facts } from './attribution';
import { clickWait } from './click-wait';
import { ClickWaitStore, ParkedReferral, ReferralKind } from './click-wait-store';

interface AmbassadorRow {
  id: string;
  program_id: string;
  status: string;
  customer_email_hash: string | null;
  tier_id: string | null;
  multiplier_bps: number;
  referral_code: string | null;
}

interface ClickRow {
  id: string;
  campaign_id: string;
  ambassador_id: string;
  address_hash: string;
  agent_hash: string;
  clicked_at: Date;
}

const toAmbassador = (r: AmbassadorRow): AmbassadorFacts => ({ id: r.id, programId: r.program_id, status: r.status, customerEmailHash: r.customer_email_hash, tierId: r.tier_id, referralCode: r.referral_code });

const toCampaign = (r: Record<string, unknown>): CampaignFacts => ({
  id: r.id as string,
  programId: r.program_id as string,
  status: r.status as CampaignFacts['status'],
  startsAt: new Date(r.starts_at as string),
  endsAt: r.ends_at ? new Date(r.ends_at as string) : null,
  currency: r.currency as string,
  attributionWindowDays: Number(r.attribution_window_days),
  precedence: r.precedence as CampaignFacts['precedence'],
  recurringMonths: Number(r.recurring_months),
  eligibleTierIds: r.eligible_tier_ids as string[],
});

/** An order or a lead, as the loading of the rule's facts sees it. */
interface Referral {
  programId: string;
  customerId: string;
  discountCode?: string;
  clickId?: string;
  at: Date;
  /** An order without code or click may be a referred customer's recurring order; a lead never is. */
  mayRecur: boolean;
}

/** The longest attribution window a campaign may have: how far back a visitor's clicks are looked up. */
const MAX_WINDOW_DAYS = 365;

/** How many waiting orders and leads one transaction of the sweeper decides. */
export const CLICK_WAIT_SWEEP_BATCH = 500;
/** Between tries of a waiting order or lead whose decision failed: a minute at first, an hour at most. */
export const CLICK_WAIT_RETRY: RetryPolicy = { attempts: Number.POSITIVE_INFINITY, initialDelayMs: 60_000, maxDelayMs: 3_600_000 };

/** For an order or lead decided without the click it waited for: how long it waited (the rule's reason says so). */
type WaitedMinutes = Map<string, number>;
/** Stored clicks by id. */
type OwnClicks = Map<string, ClickRow>;

/** An order with neither code nor click: it may only be a referred customer's recurring order. */
const mayRecur = (o: { discountCode?: string; clickId?: string }): boolean => !o.discountCode && !o.clickId;
/** A customer of a program, as a map key. */
const customerOf = (o: { programId: string; customerId: string }): string => `${o.programId}|${o.customerId}`;

/**
 * Attributes a batch of orders (or of leads) in the consumer's transaction: stores the new
 * ones, parks those whose click is not stored yet (click-wait.ts), loads every fact the rule
 * needs in a few set-based queries, decides each, then writes the conversions, the
 * commissions and their events, and runs the fraud rules. A parked one is decided by the
 * same path once its click is stored (clicksStored) or its grace period is over (decideOverdue).
 */
@Injectable()
export class AttributionService {
  private readonly logger = new Logger(AttributionService.name);

  constructor(
    private readonly orders: OrderStore,
    private readonly leads: LeadStore,
    private readonly waits: ClickWaitStore,
    private readonly commissions: CommissionService,
    private readonly refunds: RefundService,
    private readonly claims: ClaimService,
    private readonly fraud: FraudService,
    private readonly outbox: Outbox,
    @Inject(TRACKING_SETTINGS) private readonly settings: TrackingSettings,
  ) {}

  async attributeBatch(manager: EntityManager, placed: OrderPlacedPayload[], now = new Date()): Promise<void> {
    const fresh = await this.orders.insertNew(manager, placed);
    const { ready, parked, ownClicks } = await this.parkWithoutClick(manager, 'ORDER', fresh, (o) => o.orderId, now);
    await this.decideOrders(manager, await this.parkBehindWaitingReferral(manager, ready, parked, now), now, new Map(), ownClicks);
  }

  async attributeLeads(manager: EntityManager, captured: LeadCapturedPayload[], now = new Date()): Promise<void> {
    const fresh = await this.leads.insertNew(manager, captured);
    const { ready, ownClicks } = await this.parkWithoutClick(manager, 'LEAD', fresh, (l) => l.leadId, now);
    await this.decideLeads(manager, ready, now, new Map(), ownClicks);
  }

  /**
   * In the click consumer's transaction, after its clicks are stored: the orders and leads
   * waiting for one of them are decided now. In a savepoint, so that a failure to decide them
   * never holds back the clicks (a batch of clicks that keeps failing would be dead-lettered,
   * uncounted): they stay parked, and the sweeper decides them on its next round.
   */
  async clicksStored(manager: EntityManager, clickIds: string[], now = new Date()): Promise<void> {
    if (!(await this.waits.anyWaitingOn(manager, clickIds))) return;
    try {
      await manager.transaction(async (savepoint) => this.decideParked(savepoint, await this.waits.takeWaitingOn(savepoint, clickIds), now));
    } catch (error) {
      this.logger.warn(`orders and leads waiting on ${clickIds.length} stored clicks stay parked for the sweeper: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The sweeper's round in one transaction: decides up to CLICK_WAIT_SWEEP_BATCH waiting
   * orders and leads whose grace period is over (without their click) or whose click is
   * stored after all. Should the batch fail, each is decided on its own (in a savepoint), and
   * one that still fails keeps waiting with its error until its next try (CLICK_WAIT_RETRY),
   * so that it never stands in front of the others.
   */
  async decideOverdue(manager: EntityManager, now = new Date()): Promise<{ decided: number; failed: number }> {
    const grace = this.settings.clickWaitMinutes;
    const candidates = await this.waits.lockDecidable(manager, new Date(now.getTime() - grace * 60_000), now, CLICK_WAIT_SWEEP_BATCH);
    const due = candidates.flatMap((c) => {
      const wait = clickWait(c, c.clickStored, now, grace);
      return wait.verdict === 'WAIT' ? [] : [{ ...c, waitedMinutes: wait.verdict === 'DECIDE_WITHOUT_CLICK' ? wait.waitedMinutes : undefined }];
    });
    if (due.length === 0) return { decided: 0, failed: 0 };
    try {
      return { decided: await manager.transaction((savepoint) => this.decideTaken(savepoint, due, now)), failed: 0 };
    } catch {
      // One of them can't be decided: the loop below finds which, and says why.
    }
    let decided = 0;
    let failed = 0;
    for (const referral of due) {
      try {
        decided += await manager.transaction((savepoint) => this.decideTaken(savepoint, [referral], now));
      } catch (error) {
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        const retryAt = new Date(now.getTime() + backoffDelay(CLICK_WAIT_RETRY, referral.attempts + 1));
        await this.waits.failed(manager, referral, message, retryAt);
        this.logger.error(`${referral.kind.toLowerCase()} ${referral.referralId} (waiting for click ${referral.clickId}) could not be decided, attempt ${referral.attempts + 1}; next try at ${retryAt.toISOString()}: ${message}`);
      }
    }
    return { decided, failed };
  }

  /** Returns how many it decided: those taken, and those that waited on the same clicks. */
  private async decideTaken(manager: EntityManager, taken: Array<ParkedReferral & { waitedMinutes?: number }>, now: Date): Promise<number> {
    await this.waits.remove(manager, taken);
    // What waits on the same clicks (a customer's later orders parked behind their first) is decided with them, after them.
    const behind = await this.waits.takeWaitingOn(manager, taken.filter((t) => t.kind === 'ORDER').map((t) => t.clickId));
    await this.decideParked(manager, [...taken, ...behind], now);
    return taken.length + behind.length;
  }

  /**
   * Parks the fresh orders or leads whose click is not stored yet (`parked`); returns the
   * others, to decide now, with the stored clicks they carry (their facts start from these).
   */
  private async parkWithoutClick<R extends { clickId?: string }>(manager: EntityManager, kind: ReferralKind, fresh: R[], idOf: (r: R) => string, now: Date): Promise<{ ready: R[]; parked: R[]; ownClicks: OwnClicks }> {
    const ownClicks = await this.loadOwnClicks(manager, fresh);
    const waits = (r: R) => clickWait({ clickId: r.clickId, parkedAt: null }, ownClicks.has(r.clickId as string), now, this.settings.clickWaitMinutes).verdict === 'WAIT';
    const parked = fresh.filter(waits);
    await this.waits.park(manager, kind, parked.map((r) => ({ referralId: idOf(r), clickId: r.clickId as string })), now);
    return { ready: fresh.filter((r) => !waits(r)), parked, ownClicks };
  }

  /**
   * An order with neither code nor click may be the recurring order of a customer whose
   * referring order, placed before it, waits for its click: decided now, it would find no
   * referral, for good. It waits on the same click (parked now or before), is taken with
   * that order and decided after it; returns the orders to decide now.
   */
  private async parkBehindWaitingReferral(manager: EntityManager, ready: OrderPlacedPayload[], parkedNow: OrderPlacedPayload[], now: Date): Promise<OrderPlacedPayload[]> {
    const plain = ready.filter(mayRecur);
    if (plain.length === 0) return ready;
    const waitingNow = parkedNow.map((o) => ({ programId: o.programId, customerId: o.customerId, clickId: o.clickId as string, placedAt: new Date(o.placedAt) }));
    const waiting = [...waitingNow, ...(await this.waits.waitingOrdersOf(manager, plain))];
    const behind = plain.flatMap((o) => {
      const first = waiting.find((w) => customerOf(w) === customerOf(o) && w.placedAt.getTime() <= new Date(o.placedAt).getTime());
      return first ? [{ order: o, clickId: first.clickId }] : [];
    });
    if (behind.length === 0) return ready;
    await this.waits.park(manager, 'ORDER', behind.map((b) => ({ referralId: b.order.orderId, clickId: b.clickId })), now);
    const held = new Set(behind.map((b) => b.order));
    return ready.filter((o) => !held.has(o));
  }

  /** Decides taken (no longer parked) orders and leads from what was stored of them, by the path of any. */
  private async decideParked(manager: EntityManager, parked: Array<ParkedReferral & { waitedMinutes?: number }>, now: Date): Promise<void> {
    const orders = parked.filter((p) => p.kind === 'ORDER');
    const leads = parked.filter((p) => p.kind === 'LEAD');
    const waited = (of: typeof parked): WaitedMinutes => new Map(of.flatMap((p) => (p.waitedMinutes === undefined ? [] : [[p.referralId, p.waitedMinutes]])));
    await this.decideOrders(manager, await this.orders.lockForDecision(manager, orders.map((p) => p.referralId)), now, waited(orders));
    await this.decideLeads(manager, await this.leads.load(manager, leads.map((p) => p.referralId)), now, waited(leads));
  }

  private async decideOrders(manager: EntityManager, orders: OrderPlacedPayload[], now: Date, waited: WaitedMinutes, ownClicks?: OwnClicks): Promise<void> {
    if (orders.length === 0) return;
    // An order with neither code nor click may recur on a referral of its customer in this very
    // batch: those with a code or click are decided (their conversions written) first.
    const referring = orders.filter((o) => !mayRecur(o));
    const plain = orders.filter(mayRecur);
    const referred = new Set(referring.map(customerOf));
    if (plain.some((o) => referred.has(customerOf(o)))) {
      await this.decideOrders(manager, referring, now, waited, ownClicks);
      await this.decideOrders(manager, plain, now, waited, ownClicks);
      return;
    }
    const referrals = orders.map((o): Referral => ({ programId: o.programId, customerId: o.customerId, discountCode: o.discountCode, clickId: o.clickId, at: new Date(o.placedAt), mayRecur: mayRecur(o) }));
    const { factsOf, ambassadors } = await this.loadFacts(manager, referrals, ownClicks);
    const decided = orders.map((order, i) => ({
      order,
      decision: attribute({
        referred: { kind: 'order', programId: order.programId, customerEmailHash: order.customerEmailHash, currency: order.currency, discountCode: order.discountCode, clickId: order.clickId, at: referrals[i].at },
        ...factsOf(referrals[i]),
        clickWaitedMinutes: waited.get(order.orderId),
      }),
      conversionId: randomUUID(),
    }));

    await manager.query(
      `INSERT INTO conversions (id, order_id, program_id, outcome, method, reason, campaign_id, ambassador_id, click_id, discount_code, customer_id, customer_email_hash, amount_minor, currency, placed_at, decided_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::uuid[], $10::text[], $11::text[], $12::char(64)[], $13::bigint[], $14::char(3)[], $15::timestamptz[], $16::timestamptz[])`,
      [
        decided.map((d) => d.conversionId),
        decided.map((d) => d.order.orderId),
        decided.map((d) => d.order.programId),
        decided.map((d) => d.decision.outcome),
        decided.map((d) => (d.decision.outcome === 'UNATTRIBUTED' ? null : d.decision.method)),
        decided.map((d) => d.decision.reason.slice(0, 2000)),
        decided.map((d) => (d.decision.outcome === 'UNATTRIBUTED' ? null : d.decision.campaignId)),
        decided.map((d) => (d.decision.outcome === 'UNATTRIBUTED' ? null : d.decision.ambassadorId)),
        decided.map((d) => (d.decision.outcome === 'UNATTRIBUTED' ? null : d.decision.clickId)),
        decided.map((d) => d.order.discountCode ?? null),
        decided.map((d) => d.order.customerId),
        decided.map((d) => d.order.customerEmailHash),
        decided.map((d) => d.order.amountMinor),
        decided.map((d) => d.order.currency),
        decided.map((d) => d.order.placedAt),
        decided.map(() => now.toISOString()),
      ],
    );

    const attributed = decided.filter((d): d is typeof d & { decision: Extract<Decision, { outcome: 'ATTRIBUTED' }> } => d.decision.outcome === 'ATTRIBUTED');
    await this.outbox.appendAll(
      manager,
      OrderAttributed,
      attributed.map(
        (d): OrderAttributedPayload => ({
          conversionId: d.conversionId,
          orderId: d.order.orderId,
          programId: d.order.programId,
          campaignId: d.decision.campaignId,
          ambassadorId: d.decision.ambassadorId,
          customerId: d.order.customerId,
          method: d.decision.method,
          amountMinor: d.order.amountMinor,
          currency: d.order.currency,
          attributedAt: now.toISOString(),
        }),
      ),
    );

    const forFraud = attributed.map((d) => ({
      orderId: d.order.orderId,
      ambassadorId: d.decision.ambassadorId,
      campaignId: d.decision.campaignId,
      method: d.decision.method,
      discountCode: d.order.discountCode ?? null,
      customerId: d.order.customerId,
      customerEmailHash: d.order.customerEmailHash,
      paymentFingerprint: d.order.paymentFingerprint ?? null,
      placedAt: new Date(d.order.placedAt),
    }));
    const findings = await this.fraud.findOrderSignals(manager, forFraud);

    await this.fraud.flagSelfReferrals(
      manager,
      decided.flatMap((d) =>
        d.decision.outcome === 'REFUSED'
          ? [{ orderId: d.order.orderId, ambassadorId: d.decision.ambassadorId, campaignId: d.decision.campaignId, customerEmailHash: d.order.customerEmailHash, reason: d.decision.reason }]
          : [],
      ),
    );

    // Commissions are named here so the fraud flags can hold them as they are written: no second write of each.
    const commissionIds = new Map(attributed.map((d) => [d.order.orderId, randomUUID()]));
    const { flags, holds } = this.fraud.orderFlags(
      findings,
      forFraud.map((f) => ({ ...f, commissionId: commissionIds.get(f.orderId) as string })),
    );
    const sales: SaleToPay[] = attributed.map((d) => {
      const ambassador = ambassadors.get(d.decision.ambassadorId) as AmbassadorRow;
      const commissionId = commissionIds.get(d.order.orderId) as string;
      const heldBy = holds.get(commissionId);
      return {
        commissionId,
        conversionId: d.conversionId,
        orderId: d.order.orderId,
        ambassadorId: d.decision.ambassadorId,
        programId: d.order.programId,
        campaignId: d.decision.campaignId,
        source: d.decision.method === 'RECURRING' ? 'RECURRING_ORDER' : 'ORDER',
        saleAmountMinor: d.order.amountMinor,
        currency: d.order.currency,
        placedAt: new Date(d.order.placedAt),
        tierId: ambassador.tier_id,
        multiplierBps: ambassador.multiplier_bps,
        hold: heldBy ? { reason: heldBy, at: now } : null,
      };
    });
    await this.commissions.earnForSales(manager, sales, () => this.fraud.recordOrderFlags(manager, flags));
    // A refund or claim handled while the order waited for its click found no commission to take back from: it takes it back now.
    const paid = attributed.map((d) => d.order.orderId);
    await this.refunds.takeBackRecorded(manager, paid);
    await this.claims.clawBackRecorded(manager, paid);
  }

  /**
   * Decides leads by the orders' rule and facts: records each decision in lead_conversions,
   * flags self-referrals, and pays the attributed ones the campaign's amount and points per
   * lead. A lead has no sale, so it is never a recurring order's referral and goes through
   * none of the order fraud signals.
   */
  private async decideLeads(manager: EntityManager, leads: LeadCapturedPayload[], now: Date, waited: WaitedMinutes, ownClicks?: OwnClicks): Promise<void> {
    if (leads.length === 0) return;
    const referrals = leads.map((l): Referral => ({ programId: l.programId, customerId: l.customerId, discountCode: l.discountCode, clickId: l.clickId, at: new Date(l.capturedAt), mayRecur: false }));
    const { factsOf, ambassadors } = await this.loadFacts(manager, referrals, ownClicks);
    const decided = leads.map((lead, i) => ({
      lead,
      at: referrals[i].at,
      decision: attribute({
        referred: { kind: 'lead', programId: lead.programId, customerEmailHash: lead.customerEmailHash, currency: null, discountCode: lead.discountCode, clickId: lead.clickId, at: referrals[i].at },
        ...factsOf(referrals[i]),
        clickWaitedMinutes: waited.get(lead.leadId),
      }),
      conversionId: randomUUID(),
    }));
    const credited = (d: Decision) => (d.outcome === 'UNATTRIBUTED' ? null : d);
    await manager.query(
      `INSERT INTO lead_conversions (id, lead_id, program_id, outcome, method, reason, campaign_id, ambassador_id, click_id, discount_code, customer_id, customer_email_hash, captured_at, decided_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::uuid[], $10::text[], $11::text[], $12::char(64)[], $13::timestamptz[], $14::timestamptz[])`,
      [
        decided.map((d) => d.conversionId),
        decided.map((d) => d.lead.leadId),
        decided.map((d) => d.lead.programId),
        decided.map((d) => d.decision.outcome),
        decided.map((d) => credited(d.decision)?.method ?? null),
        decided.map((d) => d.decision.reason.slice(0, 2000)),
        decided.map((d) => credited(d.decision)?.campaignId ?? null),
        decided.map((d) => credited(d.decision)?.ambassadorId ?? null),
        decided.map((d) => credited(d.decision)?.clickId ?? null),
        decided.map((d) => d.lead.discountCode ?? null),
        decided.map((d) => d.lead.customerId),
        decided.map((d) => d.lead.customerEmailHash),
        decided.map((d) => d.lead.capturedAt),
        decided.map(() => now.toISOString()),
      ],
    );
    await this.fraud.flagSelfReferrals(
      manager,
      decided.flatMap((d) =>
        d.decision.outcome === 'REFUSED'
          ? // fraud_flags names orders; the prefix keeps a lead's flag apart from an order with the same shop id.
            [{ orderId: `lead:${d.lead.leadId}`, ambassadorId: d.decision.ambassadorId, campaignId: d.decision.campaignId, customerEmailHash: d.lead.customerEmailHash, reason: d.decision.reason }]
          : [],
      ),
    );
    await this.commissions.earnForLeads(
      manager,
      decided.flatMap((d): LeadToPay[] => {
        if (d.decision.outcome !== 'ATTRIBUTED') return [];
        const ambassador = ambassadors.get(d.decision.ambassadorId) as AmbassadorRow;
        return [
          {
            commissionId: randomUUID(),
            conversionId: d.conversionId,
            leadId: d.lead.leadId,
            ambassadorId: d.decision.ambassadorId,
            programId: d.lead.programId,
            campaignId: d.decision.campaignId,
            capturedAt: d.at,
            tierId: ambassador.tier_id,
            multiplierBps: ambassador.multiplier_bps,
          },
        ];
      }),
    );
  }

  /** The stored clicks the referrals carry, by id. */
  private async loadOwnClicks(manager: EntityManager, referrals: Array<{ clickId?: string }>): Promise<OwnClicks> {
    const clickIds = referrals.flatMap((r) => (r.clickId ? [r.clickId] : []));
    const rows = clickIds.length
      ? ((await manager.query('SELECT id, campaign_id, ambassador_id, address_hash, agent_hash, clicked_at FROM clicks WHERE id = ANY($1::uuid[])', [clickIds])) as ClickRow[])
      : [];
    return new Map(rows.map((c) => [c.id, c]));
  }

  /**
   * Every fact the rule needs for a batch of orders or leads, in a few set-based queries:
   * the codes' owners and their campaigns, the clicks and the same visitors' other clicks,
   * for orders without either the customer's first referral, and the ambassadors involved.
   * `ownClicks`: the referrals' own stored clicks when the caller has them already (loaded
   * here otherwise).
   */
  private async loadFacts(manager: EntityManager, fresh: Referral[], ownClicks?: OwnClicks): Promise<{ factsOf: (r: Referral) => Omit<Facts, 'referred'>; ambassadors: Map<string, AmbassadorRow> }> {
    const codes = [...new Set(fresh.filter((o) => o.discountCode).map((o) => (o.discountCode as string).toLowerCase()))];
    const codeOwners = codes.length
      ? ((await manager.query('SELECT * FROM ambassadors WHERE lower(referral_code) = ANY($1::text[]) ORDER BY code_changed_at DESC NULLS LAST', [codes])) as AmbassadorRow[])
      : [];

    const ownClickById = ownClicks ?? (await this.loadOwnClicks(manager, fresh));
    // The same visitor (address and agent) may have followed other links before ordering or signing up: the last in the window wins.
    const visitorReferrals = fresh.filter((o) => o.clickId && ownClickById.has(o.clickId));
    const visitorClicks = visitorReferrals.length
      ? ((await manager.query(
          `SELECT DISTINCT c.id, c.campaign_id, c.ambassador_id, c.address_hash, c.agent_hash, c.clicked_at
             FROM unnest($1::char(64)[], $2::char(64)[], $3::timestamptz[]) AS v(address_hash, agent_hash, upto)
             JOIN clicks c ON c.address_hash = v.address_hash AND c.agent_hash = v.agent_hash
              AND c.clicked_at <= v.upto AND c.clicked_at > v.upto - make_interval(days => $4)`,
          [
            visitorReferrals.map((o) => ownClickById.get(o.clickId as string)!.address_hash),
            visitorReferrals.map((o) => ownClickById.get(o.clickId as string)!.agent_hash),
            visitorReferrals.map((o) => o.at.toISOString()),
            MAX_WINDOW_DAYS,
          ],
        )) as ClickRow[])
      : [];
    const clicksByVisitor = new Map<string, ClickRow[]>();
    for (const c of [...ownClickById.values(), ...visitorClicks]) {
      const key = `${c.address_hash}|${c.agent_hash}`;
      const list = clicksByVisitor.get(key) ?? [];
      if (!list.some((x) => x.id === c.id)) list.push(c);
      clicksByVisitor.set(key, list);
    }

    const plain = fresh.filter((o) => o.mayRecur);
    const referrals = plain.length
      ? ((await manager.query(
          `SELECT DISTINCT ON (c.program_id, c.customer_id) c.program_id, c.customer_id, c.ambassador_id, c.campaign_id, c.placed_at
             FROM conversions c JOIN unnest($1::uuid[], $2::text[]) AS k(program_id, customer_id) ON c.program_id = k.program_id AND c.customer_id = k.customer_id
            WHERE c.outcome = 'ATTRIBUTED' AND c.method IN ('CODE', 'CLICK')
            ORDER BY c.program_id, c.customer_id, c.placed_at`,
          [plain.map((o) => o.programId), plain.map((o) => o.customerId)],
        )) as Array<{ program_id: string; customer_id: string; ambassador_id: string; campaign_id: string; placed_at: Date }>)
      : [];
    const referralOf = new Map(referrals.map((r) => [customerOf({ programId: r.program_id, customerId: r.customer_id }), r]));

    const ambassadorIds = [...new Set([...visitorClicks, ...ownClickById.values()].map((c) => c.ambassador_id).concat(referrals.map((r) => r.ambassador_id)))];
    const otherAmbassadors = ambassadorIds.length ? ((await manager.query('SELECT * FROM ambassadors WHERE id = ANY($1::uuid[])', [ambassadorIds])) as AmbassadorRow[]) : [];
    const ambassadors = new Map([...otherAmbassadors, ...codeOwners].map((a) => [a.id, a]));

    const campaignIds = [...new Set([...visitorClicks, ...ownClickById.values()].map((c) => c.campaign_id).concat(referrals.map((r) => r.campaign_id)))];
    const programIds = [...new Set(fresh.filter((o) => o.discountCode).map((o) => o.programId))];
    const campaignRows = (await manager.query(`SELECT * FROM campaigns WHERE id = ANY($1::uuid[]) OR (program_id = ANY($2::uuid[]) AND status = 'ACTIVE')`, [campaignIds, programIds])) as Array<Record<string, unknown>>;
    const campaigns = new Map(campaignRows.map((r) => [r.id as string, toCampaign(r)]));
    const links = codeOwners.length
      ? ((await manager.query('SELECT campaign_id, ambassador_id FROM referral_links WHERE ambassador_id = ANY($1::uuid[])', [codeOwners.map((a) => a.id)])) as Array<{ campaign_id: string; ambassador_id: string }>)
      : [];
    const linkedCampaigns = new Map<string, Set<string>>();
    for (const l of links) linkedCampaigns.set(l.ambassador_id, (linkedCampaigns.get(l.ambassador_id) ?? new Set()).add(l.campaign_id));

    // The latest to take the code owns it (codeOwners is ordered so).
    const ownerOfCode = new Map<string, AmbassadorRow>();
    for (const a of codeOwners) {
      const key = `${a.program_id}|${a.referral_code?.toLowerCase()}`;
      if (!ownerOfCode.has(key)) ownerOfCode.set(key, a);
    }
    const factsOf = (r: Referral): Omit<Facts, 'referred'> => {
      const facts: Omit<Facts, 'referred'> = { clicks: [] };
      if (r.discountCode) {
        const owner = ownerOfCode.get(`${r.programId}|${r.discountCode.toLowerCase()}`);
        if (owner) facts.code = { ambassador: toAmbassador(owner), campaign: this.codeCampaign(owner, r.at, r.programId, campaigns, linkedCampaigns.get(owner.id)) };
      }
      const own = r.clickId ? ownClickById.get(r.clickId) : undefined;
      if (own) {
        for (const c of clicksByVisitor.get(`${own.address_hash}|${own.agent_hash}`) ?? []) {
          const campaign = campaigns.get(c.campaign_id);
          if (!campaign || campaign.programId !== r.programId) continue;
          const owner = ambassadors.get(c.ambassador_id);
          facts.clicks.push({ clickId: c.id, campaignId: c.campaign_id, ambassadorId: c.ambassador_id, clickedAt: new Date(c.clicked_at), campaign, ambassador: owner ? toAmbassador(owner) : null });
        }
      }
      const referral = r.mayRecur ? referralOf.get(customerOf(r)) : undefined;
      if (referral) {
        const campaign = campaigns.get(referral.campaign_id);
        const owner = ambassadors.get(referral.ambassador_id);
        if (campaign && owner) facts.referredBefore = { ambassador: toAmbassador(owner), campaign, placedAt: new Date(referral.placed_at) };
      }
      return facts;
    };
    return { factsOf, ambassadors };
  }

  /**
   * A code is the ambassador's, not a campaign's: it counts in the running campaign of
   * the program where the ambassador has a link (the latest started), else in the latest
   * started running campaign that admits their tier.
   */
  private codeCampaign(owner: AmbassadorRow, at: Date, programId: string, campaigns: Map<string, CampaignFacts>, linked?: Set<string>): CampaignFacts | null {
    const running = [...campaigns.values()]
      .filter((c) => c.programId === programId && isRunningAt(c, at) && tierIsEligible(c.eligibleTierIds, owner.tier_id))
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || (a.id < b.id ? -1 : 1));
    return running.find((c) => linked?.has(c.id)) ?? running[0] ?? null;
  }
}
