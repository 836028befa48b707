/**
 * Keyset cursors over (createdAt, id): stable while rows are added, unlike offsets.
 * Opaque to clients (base64url), checked when read back.
 */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString('base64url');
}

/** Returns undefined for a cursor that was not made by encodeCursor. */
export function decodeCursor(cursor: string): KeysetPosition | undefined {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !id || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const createdAt = new Date(at);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id };
}

export const MAX_PAGE_SIZE = 100;

/** Builds a page from up to `first + 1` rows fetched in order: the extra row tells if there is more. */
export function toPage<T extends KeysetPosition>(rows: T[], first: number): { edges: Array<{ cursor: string; node: T }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
