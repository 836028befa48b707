import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { returning } from '@streetteam/persistence';

export type ReferralKind = 'ORDER' | 'LEAD';

/** An order or lead (by the shop's id) waiting in click_waits for its click. */
export interface ParkedReferral {
  kind: ReferralKind;
  referralId: string;
  clickId: string;
  parkedAt: Date;
}

interface ParkedRow {
  kind: ReferralKind;
  referral_id: string;
  click_id: string;
  parked_at: Date;
}

const toParked = (r: ParkedRow): ParkedReferral => ({ kind: r.kind, referralId: r.referral_id, clickId: r.click_id, parkedAt: new Date(r.parked_at) });

/**
 * The orders and leads waiting for their click. Taking one (deleting its row) is what lets a
 * transaction decide it: the click consumer and the sweeper of every replica may reach the
 * same one, and only the transaction whose delete removed the row goes on to decide it.
 */
@Injectable()
export class ClickWaitStore {
  async park(manager: EntityManager, kind: ReferralKind, waits: Array<{ referralId: string; clickId: string }>, now: Date): Promise<void> {
    if (waits.length === 0) return;
    await manager.query(
      `INSERT INTO click_waits (kind, referral_id, click_id, parked_at)
       SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::timestamptz[]) ON CONFLICT DO NOTHING`,
      [kind, waits.map((w) => w.referralId), waits.map((w) => w.clickId), waits.map(() => now.toISOString())],
    );
  }

  /** Whether anything waits on these clicks: one look, so a batch of clicks nobody waits for costs no more. */
  async anyWaitingOn(manager: EntityManager, clickIds: string[]): Promise<boolean> {
    if (clickIds.length === 0) return false;
    const rows = (await manager.query('SELECT 1 FROM click_waits WHERE click_id = ANY($1::uuid[]) LIMIT 1', [clickIds])) as unknown[];
    return rows.length > 0;
  }

  /** The orders of these customers that wait for their click: what each waits on, and when it was placed. */
  async waitingOrdersOf(manager: EntityManager, customers: Array<{ programId: string; customerId: string }>): Promise<Array<{ programId: string; customerId: string; clickId: string; placedAt: Date }>> {
    if (customers.length === 0) return [];
    const rows = (await manager.query(
      `SELECT o.program_id, o.customer_id, w.click_id, o.placed_at FROM click_waits w JOIN orders o ON o.order_id = w.referral_id
        WHERE w.kind = 'ORDER' AND (o.program_id, o.customer_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
      [customers.map((c) => c.programId), customers.map((c) => c.customerId)],
    )) as Array<{ program_id: string; customer_id: string; click_id: string; placed_at: Date }>;
    return rows.map((r) => ({ programId: r.program_id, customerId: r.customer_id, clickId: r.click_id, placedAt: new Date(r.placed_at) }));
  }

  /** Takes those waiting on these clicks; one another transaction took first is not returned. */
  async takeWaitingOn(manager: EntityManager, clickIds: string[]): Promise<ParkedReferral[]> {
    const rows = await returning<ParkedRow>(manager, 'DELETE FROM click_waits WHERE click_id = ANY($1::uuid[]) RETURNING kind, referral_id, click_id, parked_at', [clickIds]);
    return rows.map(toParked);
  }

  /**
   * Locks, oldest first, up to `limit` parked at or before `parkedBefore` or whose click is
   * stored by now (it came in while the order was being parked, so its consumer found
   * nothing to decide), skipping those another transaction holds and those whose decision
   * failed until their time to try again.
   */
  async lockDecidable(manager: EntityManager, parkedBefore: Date, now: Date, limit: number): Promise<Array<ParkedReferral & { clickStored: boolean; attempts: number }>> {
    const rows = (await manager.query(
      `SELECT w.kind, w.referral_id, w.click_id, w.parked_at, w.attempts, c.id IS NOT NULL AS click_stored
         FROM click_waits w LEFT JOIN clicks c ON c.id = w.click_id
        WHERE (w.parked_at <= $1 OR c.id IS NOT NULL) AND (w.retry_at IS NULL OR w.retry_at <= $2)
        ORDER BY w.parked_at LIMIT $3 FOR UPDATE OF w SKIP LOCKED`,
      [parkedBefore.toISOString(), now.toISOString(), limit],
    )) as Array<ParkedRow & { click_stored: boolean; attempts: number }>;
    return rows.map((r) => ({ ...toParked(r), clickStored: r.click_stored, attempts: r.attempts }));
  }

  /** How many wait, and how many of them after a decision that failed. */
  async counts(manager: EntityManager): Promise<{ waiting: number; failing: number }> {
    const [row] = (await manager.query('SELECT count(*)::int AS waiting, count(*) FILTER (WHERE attempts > 0)::int AS failing FROM click_waits')) as Array<{ waiting: number; failing: number }>;
    return row;
  }

  /** A decision that failed: the referral keeps waiting, with the error, until `retryAt`. */
  async failed(manager: EntityManager, parked: ParkedReferral, error: string, retryAt: Date): Promise<void> {
    await manager.query('UPDATE click_waits SET attempts = attempts + 1, last_error = $3, retry_at = $4 WHERE kind = $1 AND referral_id = $2', [
      parked.kind,
      parked.referralId,
      error.slice(0, 2000),
      retryAt.toISOString(),
    ]);
  }

  /** Removes locked ones (lockDecidable) about to be decided. */
  async remove(manager: EntityManager, parked: ParkedReferral[]): Promise<void> {
    if (parked.length === 0) return;
    await manager.query('DELETE FROM click_waits w USING unnest($1::text[], $2::text[]) AS v(kind, referral_id) WHERE w.kind = v.kind AND w.referral_id = v.referral_id', [
      parked.map((p) => p.kind),
      parked.map((p) => p.referralId),
    ]);
  }
}
