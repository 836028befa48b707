/** A satisfaction of 4 or 5 out of 5 counts as won back. */
export const POSITIVE_SATISFACTION = 4;

export function isPositive(satisfaction: number): boolean {
  return satisfaction >= POSITIVE_SATISFACTION;
}

/** The follow-up goes out the policy's delay after the resolution. */
export function followUpDueAt(resolvedAt: Date, delayHours: number): Date {
  return new Date(resolvedAt.getTime() + delayHours * 3_600_000);
}

/** A new order counts as a return when it comes after the resolution and within the re-order window. */
export function countsAsReorder(resolvedAt: Date, placedAt: Date, reorderWindowDays: number): boolean {
  return placedAt >= resolvedAt && placedAt.getTime() <= resolvedAt.getTime() + reorderWindowDays * 86_400_000;
}

export interface RecoveryRate {
  resolvedClaims: number;
  recoveredCustomers: number;
  /** recovered / resolved, 0 when nothing was resolved. */
  rate: number;
}

export function recoveryRate(resolvedClaims: number, recoveredCustomers: number): RecoveryRate {
  return { resolvedClaims, recoveredCustomers, rate: resolvedClaims === 0 ? 0 : Math.round((recoveredCustomers / resolvedClaims) * 10_000) / 10_000 };
}
