import { applyCredit, compareStandings, Standing } from './leaderboard-rules';

const t = (minute: number) => new Date(Date.UTC(2026, 4, 1, 12, minute));
const standing = (ambassadorId: string, points: number, minute: number, salesMinor = 0): Standing => ({
  ambassadorId,
  points,
  salesMinor,
  pointsReachedAt: t(minute),
  salesReachedAt: t(minute),
});

describe('leaderboard rules', () => {
  it('adds points and sales, and remembers when each score was reached', () => {
    const after = applyCredit(standing('a', 10, 0, 500), { points: 5, salesMinor: 0, at: t(9) });
    expect(after).toMatchObject({ points: 15, salesMinor: 500, pointsReachedAt: t(9), salesReachedAt: t(0) });
  });

  it('takes a reversal back without going below zero', () => {
    expect(applyCredit(standing('a', 10, 0, 500), { points: -30, salesMinor: -200, at: t(5) })).toMatchObject({ points: 0, salesMinor: 300 });
  });

  it('orders by score, then who got there first, then id', () => {
    const board = [standing('c', 10, 5), standing('b', 10, 5), standing('a', 10, 7), standing('d', 20, 9)].sort(compareStandings('POINTS'));
    expect(board.map((s) => s.ambassadorId)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('orders the sales board by sales alone', () => {
    const board = [standing('a', 100, 0, 10), standing('b', 1, 0, 900)].sort(compareStandings('SALES'));
    expect(board.map((s) => s.ambassadorId)).toEqual(['b', 'a']);
  });

  it('gives the same order whatever order the standings came in', () => {
    const standings = Array.from({ length: 50 }, (_, i) => standing(`amb-${String(i).padStart(2, '0')}`, i % 5, i % 3));
    const once = [...standings].sort(compareStandings('POINTS')).map((s) => s.ambassadorId);
    const reversed = [...standings].reverse().sort(compareStandings('POINTS')).map((s) => s.ambassadorId);
    expect(reversed).toEqual(once);
  });
});
