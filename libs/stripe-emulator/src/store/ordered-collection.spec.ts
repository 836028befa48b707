import { OrderedCollection } from './ordered-collection';

interface Row {
  id: string;
  created: number;
  group: string;
}

function collection(count: number, perSecond = 3): OrderedCollection<Row> {
  const rows = new OrderedCollection<Row>({ group: (row) => row.group });
  for (let i = 0; i < count; i += 1) rows.insert({ id: `r${i}`, created: 1000 + Math.floor(i / perSecond), group: i % 2 === 0 ? 'even' : 'odd' });
  return rows;
}

function ids(rows: { id: string }[]): string[] {
  return rows.map((row) => row.id);
}

describe('OrderedCollection', () => {
  it('lists newest first and pages with starting_after, each item exactly once', () => {
    const rows = collection(25);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = rows.page({ limit: 7, startingAfter: cursor })!;
      seen.push(...ids(page.data));
      if (!page.hasMore) break;
      cursor = page.data[page.data.length - 1].id;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `r${24 - i}`));
  });

  it('says has_more only when another item is left', () => {
    const rows = collection(10);
    expect(rows.page({ limit: 10 })!.hasMore).toBe(false);
    expect(rows.page({ limit: 9 })!.hasMore).toBe(true);
  });

  it('filters a created range with gte/lte and gt/lt', () => {
    const rows = collection(12); // created 1000..1003, three per second
    expect(ids(rows.page({ limit: 100, created: { gte: 1001, lte: 1002 } })!.data)).toEqual(['r8', 'r7', 'r6', 'r5', 'r4', 'r3']);
    expect(ids(rows.page({ limit: 100, created: { gt: 1001, lt: 1003 } })!.data)).toEqual(['r8', 'r7', 'r6']);
  });

  it('pages inside an index and a created range together', () => {
    const rows = collection(30);
    const first = rows.page({ where: ['group', 'even'], created: { gte: 1002 }, limit: 3 })!;
    expect(ids(first.data)).toEqual(['r28', 'r26', 'r24']);
    const second = rows.page({ where: ['group', 'even'], created: { gte: 1002 }, limit: 3, startingAfter: 'r24' })!;
    expect(ids(second.data)).toEqual(['r22', 'r20', 'r18']);
  });

  it('pages towards newer items with ending_before', () => {
    const rows = collection(10);
    const page = rows.page({ limit: 3, endingBefore: 'r4' })!;
    expect(ids(page.data)).toEqual(['r7', 'r6', 'r5']);
    expect(page.hasMore).toBe(true);
  });

  it('returns undefined for an unknown cursor and an empty page for an unknown key', () => {
    const rows = collection(3);
    expect(rows.page({ limit: 3, startingAfter: 'nope' })).toBeUndefined();
    expect(rows.page({ limit: 3, where: ['group', 'none'] })).toEqual({ data: [], hasMore: false });
  });

  it('refuses an item created before the last one', () => {
    const rows = collection(3);
    expect(() => rows.insert({ id: 'late', created: 10, group: 'odd' })).toThrow(/back in time/);
  });
});
