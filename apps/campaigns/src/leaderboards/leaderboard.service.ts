import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CommissionEarnedPayload, CommissionReversedPayload } from '@streetteam/contracts';
import { publicName } from '../ambassadors/nickname';
import { applyCredit, LeaderboardRanking, MAX_BOARD_PAGE } from './leaderboard-rules';
import { LeaderboardEntryEntity } from './leaderboard-entry.entity';

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
    const fresh: unknown[] = await manager.query(
      `INSERT INTO leaderboard_credits (id, kind, commission_id, campaign_id, ambassador_id, points, sales_minor, credited_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [credit.id, credit.kind, credit.commissionId, credit.campaignId, credit.ambassadorId, credit.points, credit.salesMinor, credit.at],
    );
    if (fresh.length === 0) return false;
    await manager.query(
      `INSERT INTO leaderboard_entries (campaign_id, ambassador_id, program_id, points, sales_minor, points_reached_at, sales_reached_at, updated_at)
       VALUES ($1, $2, $3, 0, 0, $4, $4, now()) ON CONFLICT DO NOTHING`,
      [credit.campaignId, credit.ambassadorId, credit.programId, credit.at],
    );
    const standing = await manager.findOneOrFail(LeaderboardEntryEntity, {
      where: { campaignId: credit.campaignId, ambassadorId: credit.ambassadorId },
      lock: { mode: 'pessimistic_write' },
    });
    const next = applyCredit(standing, credit);
    await manager.update(
      LeaderboardEntryEntity,
      { campaignId: credit.campaignId, ambassadorId: credit.ambassadorId },
      { points: next.points, salesMinor: next.salesMinor, pointsReachedAt: next.pointsReachedAt, salesReachedAt: next.salesReachedAt, updatedAt: new Date() },
    );
    return true;
  }

  async commissionEarned(manager: EntityManager, e: CommissionEarnedPayload): Promise<void> {
    await this.credit(manager, {
      id: e.commissionId,
      kind: 'COMMISSION',
      commissionId: e.commissionId,
      campaignId: e.campaignId,
      programId: e.programId,
      ambassadorId: e.ambassadorId,
      points: e.points,
      salesMinor: e.saleAmountMinor,
      at: new Date(e.earnedAt),
    });
  }

  /** A reversal takes back from the campaign its commission was counted in. */
  async commissionReversed(manager: EntityManager, e: CommissionReversedPayload): Promise<void> {
    const [earned]: Array<{ campaign_id: string }> = await manager.query(`SELECT campaign_id FROM leaderboard_credits WHERE commission_id = $1 AND kind = 'COMMISSION'`, [e.commissionId]);
    if (!earned) {
      // Events of one ambassador share a partition, so the earning came first; none means it never counted.
      this.logger.warn(`reversal ${e.reversalId} of commission ${e.commissionId}: the commission was never on a leaderboard`);
      return;
    }
    await this.credit(manager, {
      id: e.reversalId,
      kind: 'REVERSAL',
      commissionId: e.commissionId,
      campaignId: earned.campaign_id,
      programId: e.programId,
      ambassadorId: e.ambassadorId,
      points: -e.points,
      salesMinor: -e.saleAmountMinor,
      at: new Date(e.reversedAt),
    });
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
