import { TierErrorCode, TierException } from './tier.exception';

export interface TierThresholds {
  /** Higher rank, better tier; unique in a program. */
  rank: number;
  /** Trailing 90-day attributed sales, in the program's currency's minor units. */
  minSalesMinor: number;
  /** Trailing 90-day points. */
  minPoints: number;
}

export interface NewTier extends TierThresholds {
  name: string;
  /** Commission multiplier in basis points: 10000 is 1×, 12500 is 1.25×. */
  multiplierBps: number;
}

export interface TierProgress {
  salesMinor: number;
  points: number;
}

/** Downgrades wait this long after the last change ("at most once a month"). */
export const DOWNGRADE_INTERVAL_DAYS = 30;
const MAX_INT = 2147483647;

function refuse(message: string): never {
  throw new TierException(TierErrorCode.INVALID_TIER, message);
}

export function checkNewTier(input: NewTier): NewTier {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 40) refuse('name must be 1 to 40 characters');
  const whole = (field: string, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 0 || value > max) refuse(`${field} must be a whole number from 0 to ${max}`);
  };
  whole('rank', input.rank, 1000);
  whole('minSalesMinor', input.minSalesMinor, MAX_INT);
  whole('minPoints', input.minPoints, MAX_INT);
  whole('multiplierBps', input.multiplierBps, 100000);
  return { ...input, name };
}

/** The best tier the progress reaches: sales or points, whichever meets its threshold. */
export function qualifyingTier<T extends TierThresholds>(tiers: readonly T[], progress: TierProgress): T | undefined {
  return [...tiers]
    .sort((a, b) => b.rank - a.rank)
    .find((tier) => progress.salesMinor >= tier.minSalesMinor || progress.points >= tier.minPoints);
}

/**
 * Where an ambassador should be: an upgrade applies at once; a downgrade only when the last
 * change is at least 30 days old, so a slow week doesn't cost a tier.
 */
export function nextTier<T extends TierThresholds & { id: string }>(
  current: T | undefined,
  qualifying: T | undefined,
  lastChangedAt: Date | null,
  now: Date,
): T | undefined {
  if (!qualifying || qualifying.id === current?.id) return current;
  if (!current || qualifying.rank > current.rank) return qualifying;
  const settled = lastChangedAt === null || now.getTime() - lastChangedAt.getTime() >= DOWNGRADE_INTERVAL_DAYS * 86400000;
  return settled ? qualifying : current;
}
