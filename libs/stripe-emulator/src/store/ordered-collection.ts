import type { CreatedRange } from '../http/params';

export interface Stored {
  readonly id: string;
  readonly created: number;
}

export interface PageQuery<T> {
  /** List only the items whose indexed key equals this value: [index name, value]. */
  where?: readonly [string, string];
  created?: CreatedRange;
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
  /** A further condition checked item by item (keep it for rarely used filters). */
  filter?: (item: T) => boolean;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

/** A list of positions into the items, ascending: the whole collection or one index key. */
interface Positions {
  length: number;
  at(position: number): number;
}

/**
 * Objects kept in creation order (which is also `created` order: the store never goes back
 * in time), with an id lookup and optional indexes by an immutable key (transfer_group,
 * destination, type…). A page is found by binary search on `created` and on the cursor's
 * sequence number, so listing page N of a million costs the same as page 1: O(log n + page).
 */
export class OrderedCollection<T extends Stored> {
  private readonly items: T[] = [];
  private readonly sequenceById = new Map<string, number>();
  private readonly indexes = new Map<string, { key: (item: T) => string | null | undefined; lists: Map<string, number[]> }>();
  private readonly everything: Positions = { length: 0, at: (position) => position };

  constructor(indexes: Record<string, (item: T) => string | null | undefined> = {}) {
    for (const [name, key] of Object.entries(indexes)) this.indexes.set(name, { key, lists: new Map() });
  }

  get size(): number {
    return this.items.length;
  }

  insert(item: T): T {
    const last = this.items[this.items.length - 1];
    if (last && item.created < last.created) throw new Error(`created goes back in time: ${item.created} < ${last.created}`);
    if (this.sequenceById.has(item.id)) throw new Error(`duplicate id ${item.id}`);
    const sequence = this.items.length;
    this.items.push(item);
    this.sequenceById.set(item.id, sequence);
    (this.everything as { length: number }).length = this.items.length;
    for (const { key, lists } of this.indexes.values()) {
      const value = key(item);
      if (value === undefined || value === null) continue;
      let list = lists.get(value);
      if (!list) lists.set(value, (list = []));
      list.push(sequence);
    }
    return item;
  }

  get(id: string): T | undefined {
    const sequence = this.sequenceById.get(id);
    return sequence === undefined ? undefined : this.items[sequence];
  }

  has(id: string): boolean {
    return this.sequenceById.has(id);
  }

  /** Every item, oldest first. The array is the store's own: do not change it. */
  all(): readonly T[] {
    return this.items;
  }

  /** Items with this indexed key, oldest first. */
  allWhere(index: string, value: string): T[] {
    return (this.indexes.get(index)?.lists.get(value) ?? []).map((sequence) => this.items[sequence]);
  }

  /**
   * One page, newest first, as Stripe lists. `startingAfter` pages towards older items,
   * `endingBefore` towards newer ones (the page right before the cursor). A cursor that is
   * not in this collection returns undefined (the caller answers "No such …").
   */
  page(query: PageQuery<T>): Page<T> | undefined {
    const positions = this.positionsFor(query.where);
    let low = 0;
    let high = positions.length;
    const created = (position: number) => this.items[positions.at(position)].created;
    const range = query.created;
    if (range) {
      if (range.gte !== undefined) low = Math.max(low, firstAtLeast(high, (p) => created(p) >= range.gte!));
      if (range.gt !== undefined) low = Math.max(low, firstAtLeast(high, (p) => created(p) > range.gt!));
      if (range.lte !== undefined) high = Math.min(high, firstAtLeast(positions.length, (p) => created(p) > range.lte!));
      if (range.lt !== undefined) high = Math.min(high, firstAtLeast(positions.length, (p) => created(p) >= range.lt!));
    }
    if (query.startingAfter !== undefined) {
      const cursor = this.sequenceById.get(query.startingAfter);
      if (cursor === undefined) return undefined;
      high = Math.min(high, firstAtLeast(positions.length, (p) => positions.at(p) >= cursor));
    }
    if (query.endingBefore !== undefined) {
      const cursor = this.sequenceById.get(query.endingBefore);
      if (cursor === undefined) return undefined;
      low = Math.max(low, firstAtLeast(positions.length, (p) => positions.at(p) > cursor));
    }
    const accepts = query.filter ?? (() => true);
    const data: T[] = [];
    let hasMore = false;
    if (query.endingBefore === undefined) {
      for (let p = high - 1; p >= low; p -= 1) {
        const item = this.items[positions.at(p)];
        if (!accepts(item)) continue;
        if (data.length === query.limit) {
          hasMore = true;
          break;
        }
        data.push(item);
      }
    } else {
      for (let p = low; p < high; p += 1) {
        const item = this.items[positions.at(p)];
        if (!accepts(item)) continue;
        if (data.length === query.limit) {
          hasMore = true;
          break;
        }
        data.push(item);
      }
      data.reverse();
    }
    return { data, hasMore };
  }

  private positionsFor(where: readonly [string, string] | undefined): Positions {
    if (!where) return this.everything;
    const index = this.indexes.get(where[0]);
    if (!index) throw new Error(`no index ${where[0]}`);
    const list = index.lists.get(where[1]) ?? [];
    return { length: list.length, at: (position) => list[position] };
  }
}

/** The first position in [0, length) where `test` holds, for a test false then true. */
function firstAtLeast(length: number, test: (position: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
