import { decodeCursor, encodeCursor, toPage } from './keyset-cursor';

const row = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, createdAt: new Date(Date.UTC(2026, 0, n)) });

describe('keyset cursors', () => {
  it('reads back the position it was made from', () => {
    expect(decodeCursor(encodeCursor(row(1)))).toEqual(row(1));
  });

  it('returns undefined when the cursor was not made here', () => {
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('yesterday|abc').toString('base64url'))).toBeUndefined();
  });

  it('says there is a next page when one more row than asked came back', () => {
    const page = toPage([row(1), row(2), row(3)], 2);
    expect(page.edges.map((e) => e.node.id)).toEqual([row(1).id, row(2).id]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(row(2)) });
  });

  it('says there is no next page and no cursor when nothing came back', () => {
    expect(toPage([], 10).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
