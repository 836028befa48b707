import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FeatureException } from '@streetteam/platform';
import { RewardFeedEntry } from './outcome-feed.model';
import { rewardStatus } from './reward-status';

export enum OutcomeFeedErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
}

export class OutcomeFeedException extends FeatureException<OutcomeFeedErrorCode> {}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const date = (v: unknown) => (v ? new Date(v as string) : null);

/** Each referral credited to an ambassador (orders and leads, refused or paid, and bounties), newest first, with its reward's whole story. */
@Injectable()
export class OutcomeFeedService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async feed(ambassadorId: string, first: number, before: Date | null, now = new Date()): Promise<RewardFeedEntry[]> {
    if (!Number.isInteger(first) || first < 1 || first > 200) throw new OutcomeFeedException(OutcomeFeedErrorCode.INVALID_INPUT, 'first must be from 1 to 200');
    const rows = (await this.dataSource.query(
      `SELECT coalesce(v.id, m.id) AS id, coalesce(v.campaign_id, m.campaign_id) AS campaign_id,
              coalesce(m.source, CASE WHEN v.lead_id IS NULL THEN 'ORDER' ELSE 'LEAD' END) AS source,
              v.order_id, v.lead_id, v.placed_at, v.method, v.reason, v.outcome, v.click_id, cl.clicked_at,
              coalesce(m.sale_amount_minor, v.amount_minor, 0) AS sale_amount_minor, coalesce(m.currency, v.currency) AS currency,
              m.id AS commission_id, m.amount_minor, m.reversed_minor, m.points, m.reversed_points, m.hold_until, m.fraud_held, m.cap_note,
              m.released_at, m.paid_at, m.payout_id, coalesce(v.placed_at, m.earned_at) AS at
         FROM (SELECT id, campaign_id, order_id, NULL::text AS lead_id, placed_at, method, reason, outcome, click_id, amount_minor, currency
                 FROM conversions WHERE ambassador_id = $1 AND outcome IN ('ATTRIBUTED', 'REFUSED')
               UNION ALL
               -- A lead has no sale; the currency is its campaign's.
               SELECT l.id, l.campaign_id, NULL, l.lead_id, l.captured_at, l.method, l.reason, l.outcome, l.click_id, 0, c.currency
                 FROM lead_conversions l JOIN campaigns c ON c.id = l.campaign_id WHERE l.ambassador_id = $1 AND l.outcome IN ('ATTRIBUTED', 'REFUSED')) v
         FULL JOIN (SELECT * FROM commissions WHERE ambassador_id = $1) m ON m.conversion_id = v.id
         LEFT JOIN clicks cl ON cl.id = v.click_id
        WHERE coalesce(v.placed_at, m.earned_at) < $2
        ORDER BY coalesce(v.placed_at, m.earned_at) DESC, coalesce(v.id, m.id)
        LIMIT $3`,
      [ambassadorId, (before ?? new Date('9999-12-31')).toISOString(), first],
    )) as Array<Record<string, unknown>>;
    const commissionIds = rows.map((r) => r.commission_id).filter(Boolean) as string[];
    const [reversals, claims] = commissionIds.length
      ? await Promise.all([
          // Two pool connections, side by side.
          this.dataSource.query('SELECT commission_id, cause, amount_minor, reason, reversed_at FROM commission_reversals WHERE commission_id = ANY($1::uuid[]) ORDER BY reversed_at, id', [commissionIds]) as Promise<Array<Record<string, unknown>>>,
          this.dataSource.query('SELECT commission_id, claim_id, clawback, amount_minor, resolved_at FROM guarantee_claims WHERE commission_id = ANY($1::uuid[]) ORDER BY resolved_at', [commissionIds]) as Promise<Array<Record<string, unknown>>>,
        ])
      : [[], []];
    return rows.map((r): RewardFeedEntry => {
      const mine = reversals.filter((x) => x.commission_id === r.commission_id && num(x.amount_minor) > 0);
      const myClaims = claims.filter((x) => x.commission_id === r.commission_id);
      const commission = r.commission_id
        ? {
            amountMinor: num(r.amount_minor),
            reversedMinor: num(r.reversed_minor),
            points: num(r.points),
            reversedPoints: num(r.reversed_points),
            currency: r.currency as string,
            holdUntil: date(r.hold_until) as Date,
            fraudHeld: r.fraud_held === true,
            capNote: (r.cap_note as string | null) ?? null,
            releasedAt: date(r.released_at),
            paidAt: date(r.paid_at),
            payoutId: (r.payout_id as string | null) ?? null,
          }
        : null;
      const verdict = rewardStatus(
        {
          refusedReason: r.outcome === 'REFUSED' ? (r.reason as string) : null,
          lead: r.lead_id !== null,
          commission,
          reversals: mine.map((x) => ({ cause: x.cause as string, amountMinor: num(x.amount_minor), reason: x.reason as string })),
          absorbedClaims: myClaims.filter((c) => c.clawback === false).length,
        },
        now,
      );
      return {
        id: r.id as string,
        campaignId: r.campaign_id as string,
        source: r.source as string,
        orderId: (r.order_id as string | null) ?? null,
        leadId: (r.lead_id as string | null) ?? null,
        orderPlacedAt: r.order_id ? date(r.placed_at) : null,
        method: (r.method as string | null) ?? null,
        attributionReason: (r.reason as string | null) ?? null,
        click: r.click_id && r.clicked_at ? { clickId: r.click_id as string, clickedAt: new Date(r.clicked_at as string) } : null,
        saleAmountMinor: num(r.sale_amount_minor),
        currency: r.currency as string,
        commissionId: (r.commission_id as string | null) ?? null,
        commissionMinor: commission?.amountMinor ?? 0,
        reversedMinor: commission?.reversedMinor ?? 0,
        points: commission ? commission.points - commission.reversedPoints : 0,
        holdUntil: commission?.holdUntil ?? null,
        availableAt: commission?.releasedAt ?? null,
        paidAt: commission?.paidAt ?? null,
        payoutId: commission?.payoutId ?? null,
        status: verdict.status,
        statusNote: verdict.note,
        reversals: mine.map((x) => ({ cause: x.cause as string, amountMinor: num(x.amount_minor), reason: x.reason as string, reversedAt: new Date(x.reversed_at as string) })),
        claims: myClaims.map((c) => ({ claimId: c.claim_id as string, absorbedByBrand: c.clawback === false, amountMinor: num(c.amount_minor), resolvedAt: new Date(c.resolved_at as string) })),
        at: new Date(r.at as string),
      };
    });
  }
}
