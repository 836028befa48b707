import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CommissionService } from '../commissions/commission.service';
import { FraudFlagEntity } from './fraud-flag.entity';
import { FraudErrorCode, FraudException } from './fraud.exception';
import { clickBurst, decisionProblem, FlagStatus, FraudFinding, FraudThresholds, orderFindings } from './fraud-rules';

export interface ClickForFraud {
  linkId: string;
  campaignId: string;
  ambassadorId: string;
  addressHash: string;
  clickedAt: Date;
}

export interface AttributedForFraud {
  orderId: string;
  ambassadorId: string;
  campaignId: string;
  commissionId: string;
  method: 'CODE' | 'CLICK' | 'RECURRING';
  discountCode: string | null;
  customerId: string;
  customerEmailHash: string;
  paymentFingerprint: string | null;
  placedAt: Date;
}

interface NewFlag extends FraudFinding {
  /** Chosen by the caller when something else refers to the flag before it is stored. */
  id?: string;
  ambassadorId: string;
  campaignId: string | null;
  commissionId: string | null;
  orderId: string | null;
  status: FlagStatus;
}

/** A flag on an attributed order, held by its commission. */
export interface OrderFlag extends NewFlag {
  id: string;
  commissionId: string;
  orderId: string;
}

/** How many of a code's latest orders the coupon-site rule reads before it reads them all. */
const CODE_LEAK_SAMPLE_ORDERS = FraudThresholds.codeLeakCustomers * 2;

@Injectable()
export class FraudService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commissions: CommissionService,
  ) {}

  /** After a batch of clicks is stored: one address hammering one link is flagged for review. */
  async checkClickBursts(manager: EntityManager, clicks: ClickForFraud[]): Promise<void> {
    const groups = new Map<string, ClickForFraud>();
    for (const c of clicks) {
      const key = `${c.linkId}|${c.addressHash}`;
      const seen = groups.get(key);
      if (!seen || seen.clickedAt < c.clickedAt) groups.set(key, c);
    }
    const latest = [...groups.values()];
    const rows = (await manager.query(
      // char(64) parameters, so the (address_hash, clicked_at) index is used; counting stops at the threshold: an address sending thousands of clicks costs no more than one at the limit.
      `SELECT k.link_id, k.address_hash, (SELECT count(*)::int FROM (SELECT 1 FROM clicks c
          WHERE c.address_hash = k.address_hash AND c.link_id = k.link_id AND c.clicked_at > k.at - make_interval(mins => $4) AND c.clicked_at <= k.at
          LIMIT $5) AS recent) AS n
         FROM unnest($1::uuid[], $2::char(64)[], $3::timestamptz[]) AS k(link_id, address_hash, at)`,
      [latest.map((c) => c.linkId), latest.map((c) => c.addressHash), latest.map((c) => c.clickedAt.toISOString()), FraudThresholds.clickBurstMinutes, FraudThresholds.clickBurst],
    )) as Array<{ link_id: string; address_hash: string; n: number }>;
    const flags: NewFlag[] = [];
    for (const row of rows) {
      const click = groups.get(`${row.link_id}|${row.address_hash}`) as ClickForFraud;
      const since = new Date(click.clickedAt.getTime() - FraudThresholds.clickBurstMinutes * 60_000);
      const finding = clickBurst({ linkId: row.link_id, addressHash: row.address_hash, clicks: row.n, since, hour: click.clickedAt.toISOString().slice(0, 13) });
      if (finding) flags.push({ ...finding, ambassadorId: click.ambassadorId, campaignId: click.campaignId, commissionId: null, orderId: null, status: 'OPEN' });
    }
    await this.insertFlags(manager, flags);
  }

  /** Refused self-referrals are recorded with their evidence (there is no commission to hold). */
  async flagSelfReferrals(manager: EntityManager, refused: Array<{ orderId: string; ambassadorId: string; campaignId: string; customerEmailHash: string; reason: string }>): Promise<void> {
    await this.insertFlags(
      manager,
      refused.map((s) => ({
        kind: 'SELF_REFERRAL',
        dedupeKey: `SELF_REFERRAL:${s.orderId}`,
        evidence: { orderId: s.orderId, customerEmailHash: s.customerEmailHash, reason: s.reason },
        ambassadorId: s.ambassadorId,
        campaignId: s.campaignId,
        commissionId: null,
        orderId: s.orderId,
        status: 'NOTED',
      })),
    );
  }

  /**
   * The fraud rules on a batch of attributed orders (before their commissions are written,
   * so this query runs before the campaign's row is locked for the caps).
   */
  async findOrderSignals(manager: EntityManager, orders: Array<Omit<AttributedForFraud, 'commissionId'>>): Promise<Map<string, FraudFinding[]>> {
    const found = new Map<string, FraudFinding[]>();
    if (orders.length === 0) return found;
    const rows = (await manager.query(
      // Each count stops at its threshold and the click check at the first click: the rules
      // only ask "at least N?", and a busy ambassador's thousands of clicks cost nothing. No
      // count reads more than its subject's own orders: a busy ambassador or a popular code
      // makes the next order no dearer to check.
      `SELECT k.order_id,
         -- The customer's own attributed orders of the day, by id and by email (a union, each
         -- through its index, which a plan made before the table's first statistics still
         -- picks), then those of this ambassador: OFFSET 0 keeps the ambassador out of the
         -- index choice, where the ambassador's index would read their whole day.
         (SELECT count(*)::int FROM (SELECT 1 FROM (
              SELECT c.id, c.ambassador_id FROM conversions c WHERE c.outcome = 'ATTRIBUTED' AND c.customer_id = k.customer_id
                AND c.placed_at > k.placed_at - interval '1 day' AND c.placed_at <= k.placed_at
              UNION
              SELECT c.id, c.ambassador_id FROM conversions c WHERE c.outcome = 'ATTRIBUTED' AND c.customer_email_hash = k.email_hash
                AND c.placed_at > k.placed_at - interval '1 day' AND c.placed_at <= k.placed_at
              OFFSET 0) AS mine
            WHERE mine.ambassador_id = k.ambassador_id LIMIT $10) AS x) AS customer_orders,
         CASE WHEN k.fingerprint IS NULL THEN 0 ELSE (SELECT count(*)::int FROM (SELECT DISTINCT o.customer_id FROM orders o WHERE o.payment_fingerprint = k.fingerprint
            AND o.placed_at > k.placed_at - interval '1 day' AND o.placed_at <= k.placed_at LIMIT $11) AS x) END AS fingerprint_customers,
         -- A code leaks only from an ambassador whose links drew no click, so its customers
         -- are counted only then. Distinct customers can't be counted up to a limit without
         -- reading every order, so the code's latest $13 orders in the window are read first:
         -- enough customers there answer; fewer than $13 orders is all of them; only a few
         -- customers ordering again and again sends the count to the whole window.
         CASE WHEN k.method <> 'CODE' OR recent.clicked THEN 0 ELSE (SELECT CASE
              WHEN count(DISTINCT latest.customer_id) >= $12 OR count(*) < $13 THEN least(count(DISTINCT latest.customer_id), $12)::int
              ELSE (SELECT count(*)::int FROM (SELECT DISTINCT o.customer_id FROM orders o WHERE lower(o.discount_code) = lower(k.code)
                AND o.placed_at > k.placed_at - make_interval(days => $9) AND o.placed_at <= k.placed_at LIMIT $12) AS x) END
            FROM (SELECT o.customer_id FROM orders o WHERE lower(o.discount_code) = lower(k.code)
              AND o.placed_at > k.placed_at - make_interval(days => $9) AND o.placed_at <= k.placed_at ORDER BY o.placed_at DESC LIMIT $13) AS latest) END AS code_customers,
         CASE WHEN recent.clicked THEN 1 ELSE 0 END AS ambassador_clicks
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::char(64)[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
         AS k(order_id, ambassador_id, customer_id, email_hash, fingerprint, method, code, placed_at)
       -- OFFSET 0: looked up once per order, not once for each of the two places that read it.
       CROSS JOIN LATERAL (SELECT k.method <> 'CODE' OR EXISTS (SELECT 1 FROM clicks cl WHERE cl.ambassador_id = k.ambassador_id AND cl.counted
            AND cl.clicked_at > k.placed_at - make_interval(days => $9) AND cl.clicked_at <= k.placed_at) AS clicked OFFSET 0) AS recent`,
      [
        orders.map((o) => o.orderId),
        orders.map((o) => o.ambassadorId),
        orders.map((o) => o.customerId),
        orders.map((o) => o.customerEmailHash),
        orders.map((o) => o.paymentFingerprint),
        orders.map((o) => o.method),
        orders.map((o) => o.discountCode),
        orders.map((o) => o.placedAt.toISOString()),
        FraudThresholds.codeLeakDays,
        FraudThresholds.customerOrdersPerDay,
        FraudThresholds.customersPerFingerprintPerDay,
        FraudThresholds.codeLeakCustomers,
        CODE_LEAK_SAMPLE_ORDERS,
      ],
    )) as Array<{ order_id: string; customer_orders: number; fingerprint_customers: number; code_customers: number; ambassador_clicks: number }>;
    const byOrder = new Map(orders.map((o) => [o.orderId, o]));
    for (const row of rows) {
      const o = byOrder.get(row.order_id) as AttributedForFraud;
      const findings = orderFindings({
        orderId: o.orderId,
        method: o.method,
        discountCode: o.discountCode,
        customerId: o.customerId,
        customerOrdersLastDay: row.customer_orders,
        paymentFingerprint: o.paymentFingerprint,
        fingerprintCustomersLastDay: row.fingerprint_customers,
        codeCustomersLastWeek: row.code_customers,
        ambassadorClicksLastWeek: row.ambassador_clicks,
      });
      if (findings.length > 0) found.set(o.orderId, findings);
    }
    return found;
  }

  /**
   * The flags the rules' findings raise on a batch's orders, each named here, and the reason
   * each flagged order's commission is held (its first flag) until ops decide: the
   * commissions are written already held, then recordOrderFlags stores the flags.
   */
  orderFlags(findings: Map<string, FraudFinding[]>, orders: AttributedForFraud[]): { flags: OrderFlag[]; holds: Map<string, string> } {
    const flags: OrderFlag[] = [];
    const holds = new Map<string, string>();
    for (const o of orders) {
      for (const f of findings.get(o.orderId) ?? []) {
        const flag: OrderFlag = { ...f, id: randomUUID(), ambassadorId: o.ambassadorId, campaignId: o.campaignId, commissionId: o.commissionId, orderId: o.orderId, status: 'OPEN' };
        flags.push(flag);
        if (!holds.has(o.commissionId)) holds.set(o.commissionId, `fraud flag ${flag.kind} (${flag.id})`);
      }
    }
    return { flags, holds };
  }

  /** Stores orderFlags' flags once their commissions exist. A fresh order has no flag yet: each dedupe key names the order. */
  async recordOrderFlags(manager: EntityManager, flags: OrderFlag[]): Promise<void> {
    await this.insertFlags(manager, flags);
  }

  list(status: FlagStatus | undefined, first: number): Promise<FraudFlagEntity[]> {
    if (!Number.isInteger(first) || first < 1 || first > 200) throw new FraudException(FraudErrorCode.INVALID_INPUT, 'first must be from 1 to 200');
    return this.dataSource.getRepository(FraudFlagEntity).find({ where: status ? { status } : {}, order: { createdAt: 'DESC', id: 'ASC' }, take: first });
  }

  /** Ops found nothing wrong: the flag is cleared, and its commission released from hold once no other open flag holds it. */
  clear(flagId: string, decidedBy: string, note: string, now = new Date()): Promise<FraudFlagEntity> {
    return this.decide(flagId, 'CLEAR', decidedBy, note, now, async (manager, flag) => {
      if (!flag.commissionId) return;
      const [{ open }] = (await manager.query(`SELECT count(*)::int AS open FROM fraud_flags WHERE commission_id = $1 AND status = 'OPEN' AND id <> $2`, [flag.commissionId, flag.id])) as Array<{ open: number }>;
      if (open === 0) await this.commissions.setHeld(manager, [{ commissionId: flag.commissionId, reason: `fraud flag ${flag.id} cleared: ${note}` }], false, now);
    });
  }

  /** Ops confirmed the abuse: what is left of the commission is taken back (FRAUD_VOID). */
  void(flagId: string, decidedBy: string, note: string, now = new Date()): Promise<FraudFlagEntity> {
    return this.decide(flagId, 'VOID', decidedBy, note, now, async (manager, flag) => {
      await this.commissions.voidRemaining(manager, flag.commissionId as string, `fraud:${flag.id}`, `fraud flag ${flag.kind} voided: ${note}`, now);
    });
  }

  private decide(
    flagId: string,
    decision: 'CLEAR' | 'VOID',
    decidedBy: string,
    note: string,
    now: Date,
    effect: (manager: EntityManager, flag: FraudFlagEntity) => Promise<void>,
  ): Promise<FraudFlagEntity> {
    const trimmed = note.trim();
    if (trimmed.length < 1 || trimmed.length > 1000) throw new FraudException(FraudErrorCode.INVALID_INPUT, 'note: say why, in 1 to 1000 characters');
    return this.dataSource.transaction(async (manager) => {
      const flag = await manager.findOne(FraudFlagEntity, { where: { id: flagId }, lock: { mode: 'pessimistic_write' } });
      if (!flag) throw new FraudException(FraudErrorCode.NOT_FOUND, `id: no fraud flag ${flagId}`);
      const problem = decisionProblem(flag, decision);
      if (problem) throw new FraudException(flag.status !== 'OPEN' ? FraudErrorCode.ALREADY_DECIDED : FraudErrorCode.NOTHING_TO_VOID, `id: ${problem}`);
      const status: FlagStatus = decision === 'CLEAR' ? 'CLEARED' : 'VOIDED';
      await manager.update(FraudFlagEntity, { id: flagId }, { status, decidedBy, decisionNote: trimmed, decidedAt: now });
      const decided = { ...flag, status, decidedBy, decisionNote: trimmed, decidedAt: now };
      await effect(manager, decided);
      return decided;
    });
  }

  private async insertFlags(manager: EntityManager, flags: NewFlag[]): Promise<void> {
    if (flags.length === 0) return;
    const ids = flags.map((f) => f.id ?? randomUUID());
    await manager.query(
      `INSERT INTO fraud_flags (id, kind, dedupe_key, ambassador_id, campaign_id, commission_id, order_id, evidence, status)
       SELECT * FROM ROWS FROM (unnest($1::uuid[]), unnest($2::text[]), unnest($3::text[]), unnest($4::uuid[]), unnest($5::uuid[]), unnest($6::uuid[]), unnest($7::text[]), json_array_elements($8::json), unnest($9::text[]))
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        ids,
        flags.map((f) => f.kind),
        flags.map((f) => f.dedupeKey),
        flags.map((f) => f.ambassadorId),
        flags.map((f) => f.campaignId),
        flags.map((f) => f.commissionId),
        flags.map((f) => f.orderId),
        // One JSON array rather than a jsonb[] literal (as in the outbox).
        JSON.stringify(flags.map((f) => f.evidence)),
        flags.map((f) => f.status),
      ],
    );
  }
}
