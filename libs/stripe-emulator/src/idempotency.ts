/** An answer kept under an idempotency key, replayed byte for byte. */
export interface KeptAnswer {
  status: number;
  body: string;
  requestId: string;
}

export interface Entry {
  endpoint: string;
  fingerprint: string;
  answer: KeptAnswer;
  expiresAt: number;
}

export type IdempotencyLookup =
  | { outcome: 'new' }
  | { outcome: 'replay'; answer: KeptAnswer }
  | { outcome: 'conflict'; message: string };

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Parameters written with sorted keys, so the same request always compares equal. */
export function fingerprintOf(params: unknown): string {
  return JSON.stringify(params, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.keys(value as object).sort().map((key) => [key, (value as Record<string, unknown>)[key]]));
  });
}

/**
 * Stripe's idempotency: a key (scoped to the API key that sent it) replays the first
 * answer to the same endpoint and parameters, refuses other parameters, and is forgotten
 * after `ttlMs` (24 h at Stripe). Entries expire in insertion order, so the sweep is O(1)
 * amortised: a Map iterates oldest first.
 */
export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  lookup(scope: string, key: string, endpoint: string, fingerprint: string): IdempotencyLookup {
    this.sweep();
    const entry = this.entries.get(`${scope}\u0000${key}`);
    if (!entry) return { outcome: 'new' };
    if (entry.endpoint !== endpoint) {
      return {
        outcome: 'conflict',
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      };
    }
    if (entry.fingerprint !== fingerprint) {
      return {
        outcome: 'conflict',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      };
    }
    return { outcome: 'replay', answer: entry.answer };
  }

  keep(scope: string, key: string, endpoint: string, fingerprint: string, answer: KeptAnswer): void {
    const id = `${scope}\u0000${key}`;
    this.entries.delete(id);
    this.entries.set(id, { endpoint, fingerprint, answer, expiresAt: this.now() + this.ttlMs });
  }

  /** The live entries, for a state file (expiry as wall-clock milliseconds). */
  exportEntries(): [string, Entry][] {
    this.sweep();
    return [...this.entries.entries()];
  }

  importEntries(entries: [string, Entry][]): void {
    for (const [id, entry] of entries) this.entries.set(id, entry);
    this.sweep();
  }

  forgetAll(): void {
    this.entries.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(id);
    }
  }
}
