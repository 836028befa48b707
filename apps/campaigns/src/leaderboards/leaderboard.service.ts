import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CommissionEarnedPayload, CommissionReversedPayload } from '@streetteam/contracts';
import { publicName } from '../ambassadors/nickname';
import { applyCredit, LeaderboardRanking, MAX_BOARD_PAGE, Standing } from './leaderboard-rules';

export interface LeaderboardCredit {
  /** The business key: a commission, a reversal, or an approved mission submission. Counted once. */
  id: string;
  kind: 'COMMISSION' | 'REVERSAL' | 'MISSION';
  commissionId: string | null;
  campaignId: string;
  programId: string;
  ambassadorId: string;
  points: number;
  salesMinor: number;
  at: Date;
}

export interface RankedEntry {
  rank: number;
  ambassadorId: string;
  name: string;
  points: number;
  salesMinor: number;
}

// Column names by ranking: fixed strings, never caller input.
const ORDER: Record<LeaderboardRanking, { score: string; reached: string }> = {
  POINTS: { score: 'e.points', reached: 'e.points_reached_at' },
  SALES: { score: 'e.sales_minor', reached: 'e.sales_reached_at' },
};

// Only real ambassadors: known to campaigns, activated (named) in the campaign's program, ACTIVE now.
const REAL = `JOIN ambassadors a ON a.id = e.ambassador_id AND a.program_id = e.program_id AND a.status = 'ACTIVE' AND a.display_name IS NOT NULL`;

interface Row {
  ambassador_id: string;
  points: string;
  sales_minor: string;
  display_name: string;
  nickname: string | null;
  show_nickname: boolean;
}

const toEntry = (row: Row, rank: number): RankedEntry => ({
  rank,
  ambassadorId: row.ambassador_id,
  name: publicName({ displayName: row.display_name, nickname: row.nickname, showNickname: row.show_nickname }) ?? row.display_name,
  points: Number(row.points),
  salesMinor: Number(row.sales_minor),
});

@Injectable()
export class LeaderboardService {
  private readonly logger = new Logger(LeaderboardService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Moves one standing, in the caller's transaction; a credit already counted changes nothing. */
  async credit(manager: EntityManager, credit: LeaderboardCredit): Promise<boolean> {
    return (await this.creditAll(manager, [credit])) === 1;
  }

  /**
   * Moves the standings of many credits at once, in the caller's transaction and in the
   * order given (an ambassador's credits apply one after another, as the rule says); those
   * already counted change nothing. Returns how many were new.
   */
  async creditAll(manager: EntityManager, credits: LeaderboardCredit[]): Promise<number> {
    const seen = new Set<string>();
    const unique = credits.filter((c) => !seen.has(c.id) && seen.add(c.id));
    if (unique.length === 0) return 0;
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO leaderboard_credits (id, kind, commission_id, campaign_id, ambassador_id, points, sales_minor, credited_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::bigint[], $7::bigint[], $8::timestamptz[])
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        unique.map((c) => c.id),
        unique.map((c) => c.kind),
        unique.map((c) => c.commissionId),
        unique.map((c) => c.campaignId),
        unique.map((c) => c.ambassadorId),
        unique.map((c) => c.points),
        unique.map((c) => c.salesMinor),
        unique.map((c) => c.at.toISOString()),
      ],
    );
    const fresh = new Set(inserted.map((r) => r.id));
    const byStanding = new Map<string, LeaderboardCredit[]>();
    for (const c of unique) {
      if (!fresh.has(c.id)) continue;
      const key = `${c.campaignId}|${c.ambassadorId}`;
      const list = byStanding.get(key);
      if (list) list.push(c);
      else byStanding.set(key, [c]);
    }
    if (byStanding.size === 0) return 0;
    // Created and locked in key order, so two transactions moving the same standings never deadlock.
    const keys = [...byStanding.keys()].sort();
    const firsts = keys.map((key) => byStanding.get(key)![0]);
    const pairs = [firsts.map((c) => c.campaignId), firsts.map((c) => c.ambassadorId)];
    // A new standing starts at zero, reached when its first credit came.
    await manager.query(
      `INSERT INTO leaderboard_entries (campaign_id, ambassador_id, program_id, points, sales_minor, points_reached_at, sales_reached_at, updated_at)
       SELECT campaign_id, ambassador_id, program_id, 0, 0, at, at, now() FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[]) AS k(campaign_id, ambassador_id, program_id, at)
       ON CONFLICT DO NOTHING`,
      [...pairs, firsts.map((c) => c.programId), firsts.map((c) => c.at.toISOString())],
    );
    const rows: Array<{ campaign_id: string; ambassador_id: string; points: string; sales_minor: string; points_reached_at: Date; sales_reached_at: Date }> = await manager.query(
      `SELECT e.campaign_id, e.ambassador_id, e.points, e.sales_minor, e.points_reached_at, e.sales_reached_at
         FROM leaderboard_entries e JOIN unnest($1::uuid[], $2::uuid[]) AS k(campaign_id, ambassador_id) USING (campaign_id, ambassador_id)
        ORDER BY e.campaign_id, e.ambassador_id FOR UPDATE OF e`,
      pairs,
    );
    const next = rows.map((row) => {
      let standing: Standing = { ambassadorId: row.ambassador_id, points: Number(row.points), salesMinor: Number(row.sales_minor), pointsReachedAt: row.points_reached_at, salesReachedAt: row.sales_reached_at };
      for (const credit of byStanding.get(`${row.campaign_id}|${row.ambassador_id}`)!) standing = applyCredit(standing, credit);
      return { campaignId: row.campaign_id, ...standing };
    });
    await manager.query(
      `UPDATE leaderboard_entries e SET points = v.points, sales_minor = v.sales_minor, points_reached_at = v.points_reached_at, sales_reached_at = v.sales_reached_at, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::bigint[], $5::timestamptz[], $6::timestamptz[]) AS v(campaign_id, ambassador_id, points, sales_minor, points_reached_at, sales_reached_at)
        WHERE e.campaign_id = v.campaign_id AND e.ambassador_id = v.ambassador_id`,
      [
        next.map((s) => s.campaignId),
        next.map((s) => s.ambassadorId),
        next.map((s) => s.points),
        next.map((s) => s.salesMinor),
        next.map((s) => s.pointsReachedAt.toISOString()),
        next.map((s) => s.salesReachedAt.toISOString()),
      ],
    );
    return fresh.size;
  }

  async commissionsEarned(manager: EntityManager, earned: CommissionEarnedPayload[]): Promise<void> {
    await this.creditAll(
      manager,
      earned.map((e) => ({
        id: e.commissionId,
        kind: 'COMMISSION',
        commissionId: e.commissionId,
        campaignId: e.campaignId,
        programId: e.programId,
        ambassadorId: e.ambassadorId,
        points: e.points,
        salesMinor: e.saleAmountMinor,
        at: new Date(e.earnedAt),
      })),
    );
  }

  /** A reversal takes back from the campaign its commission was counted in. */
  async commissionsReversed(manager: EntityManager, reversed: CommissionReversedPayload[]): Promise<void> {
    const earned: Array<{ commission_id: string; campaign_id: string }> = await manager.query(
      `SELECT commission_id, campaign_id FROM leaderboard_credits WHERE commission_id = ANY($1::uuid[]) AND kind = 'COMMISSION'`,
      [[...new Set(reversed.map((e) => e.commissionId))]],
    );
    const campaignOf = new Map(earned.map((r) => [r.commission_id, r.campaign_id]));
    const credits: LeaderboardCredit[] = [];
    for (const e of reversed) {
      const campaignId = campaignOf.get(e.commissionId);
      if (!campaignId) {
        // Events of one ambassador share a partition, so the earning came first; none means it never counted.
        this.logger.warn(`reversal ${e.reversalId} of commission ${e.commissionId}: the commission was never on a leaderboard`);
        continue;
      }
      credits.push({
        id: e.reversalId,
        kind: 'REVERSAL',
        commissionId: e.commissionId,
        campaignId,
        programId: e.programId,
        ambassadorId: e.ambassadorId,
        points: -e.points,
        salesMinor: -e.saleAmountMinor,
        at: new Date(e.reversedAt),
      });
    }
    await this.creditAll(manager, credits);
  }

  /** The board from `offset`, best first, real ambassadors with a score only. */
  async board(campaignId: string, by: LeaderboardRanking, first: number, offset: number): Promise<{ entries: RankedEntry[]; total: number }> {
    const { score, reached } = ORDER[by];
    const size = Math.min(Math.max(first, 1), MAX_BOARD_PAGE);
    const rows: Row[] = await this.dataSource.query(
      `SELECT e.ambassador_id, e.points, e.sales_minor, a.display_name, a.nickname, a.show_nickname
         FROM leaderboard_entries e ${REAL}
        WHERE e.campaign_id = $1 AND ${score} > 0
        ORDER BY ${score} DESC, ${reached}, e.ambassador_id
        LIMIT $2 OFFSET $3`,
      [campaignId, size, offset],
    );
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM leaderboard_entries e ${REAL} WHERE e.campaign_id = $1 AND ${score} > 0`, [campaignId]);
    return { entries: rows.map((row, i) => toEntry(row, offset + i + 1)), total };
  }

  /** One ambassador's place: how many real ambassadors stand before them, plus one; null when not on the board. */
  async position(campaignId: string, ambassadorId: string, by: LeaderboardRanking): Promise<RankedEntry | null> {
    const { score, reached } = ORDER[by];
    const [me]: Array<Row & { score: string; reached: Date }> = await this.dataSource.query(
      `SELECT e.ambassador_id, e.points, e.sales_minor, a.display_name, a.nickname, a.show_nickname, ${score} AS score, ${reached} AS reached
         FROM leaderboard_entries e ${REAL} WHERE e.campaign_id = $1 AND e.ambassador_id = $2 AND ${score} > 0`,
      [campaignId, ambassadorId],
    );
    if (!me) return null;
    const [{ ahead }]: Array<{ ahead: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS ahead FROM leaderboard_entries e ${REAL}
        WHERE e.campaign_id = $1 AND (${score} > $2 OR (${score} = $2 AND (${reached} < $3 OR (${reached} = $3 AND e.ambassador_id < $4))))`,
      [campaignId, me.score, me.reached, ambassadorId],
    );
    return toEntry(me, ahead + 1);
  }
}
