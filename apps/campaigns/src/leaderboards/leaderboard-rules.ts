// How a campaign's leaderboard counts and orders: no Nest, no I/O.

export const leaderboardRankings = ['POINTS', 'SALES'] as const;
export type LeaderboardRanking = (typeof leaderboardRankings)[number];

/** One ambassador's standing in one campaign: both scores, and when each was reached. */
export interface Standing {
  ambassadorId: string;
  points: number;
  salesMinor: number;
  pointsReachedAt: Date;
  salesReachedAt: Date;
}

/** Something that moves a standing: a commission earned (+), a reversal (−), an approved mission's points. */
export interface Credit {
  points: number;
  salesMinor: number;
  at: Date;
}

/**
 * Adds a credit. A score's "reached at" moves only when that score changes, so of two
 * ambassadors on the same score, the one who got there first ranks higher. Scores never
 * go below zero (reversals never take back more than was earned).
 */
export function applyCredit(standing: Standing, credit: Credit): Standing {
  const points = Math.max(0, standing.points + credit.points);
  const salesMinor = Math.max(0, standing.salesMinor + credit.salesMinor);
  return {
    ...standing,
    points,
    salesMinor,
    pointsReachedAt: points !== standing.points ? credit.at : standing.pointsReachedAt,
    salesReachedAt: salesMinor !== standing.salesMinor ? credit.at : standing.salesReachedAt,
  };
}

/** The board's order: higher score first, then whoever reached it earlier, then the id (total and stable). */
export function compareStandings(by: LeaderboardRanking): (a: Standing, b: Standing) => number {
  const score = (s: Standing) => (by === 'POINTS' ? s.points : s.salesMinor);
  const reached = (s: Standing) => (by === 'POINTS' ? s.pointsReachedAt : s.salesReachedAt).getTime();
  return (a, b) => score(b) - score(a) || reached(a) - reached(b) || (a.ambassadorId < b.ambassadorId ? -1 : a.ambassadorId > b.ambassadorId ? 1 : 0);
}

export const MAX_BOARD_PAGE = 100;
