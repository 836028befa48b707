/**
 * The outbox is split into lanes by key. One relay at a time holds a lane (an
 * advisory lock), so events of one key leave in the order they were written,
 * while several replicas share the lanes between them.
 */
export const OUTBOX_LANES = 16;

/** FNV-1a: stable across processes and versions, unlike anything seeded per run. */
export function laneOf(key: string, lanes = OUTBOX_LANES): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % lanes;
}
