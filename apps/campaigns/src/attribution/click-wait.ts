// Whether an order or a lead waits for its click before it is attributed. Pure.
//
// Clicks reach Postgres through Kafka, orders through another consumer: after an outage
// both backlogs drain at once, and an order can arrive before the click it carries. Decided
// then, the ambassador would lose a sale that was theirs, for good (an order is decided once).

export type ClickWait =
  /** Nothing to wait for: no click id, its click is stored, or waiting is turned off (a grace of 0). */
  | { verdict: 'DECIDE' }
  /** Parked until its click is stored or the grace period has passed. */
  | { verdict: 'WAIT' }
  /** It waited the grace period and the click never came: decided without it. */
  | { verdict: 'DECIDE_WITHOUT_CLICK'; waitedMinutes: number };

/**
 * `parkedAt` is null for an order or lead just received, else when it was parked: the grace
 * period runs from its arrival, not from when it was placed, so an order placed during a
 * Postgres outage still waits for its click once both come through.
 */
export function clickWait(referral: { clickId?: string | null; parkedAt: Date | null }, clickStored: boolean, now: Date, graceMinutes: number): ClickWait {
  if (!referral.clickId || clickStored) return { verdict: 'DECIDE' };
  if (referral.parkedAt === null) return graceMinutes > 0 ? { verdict: 'WAIT' } : { verdict: 'DECIDE' };
  const waitedMs = now.getTime() - referral.parkedAt.getTime();
  if (waitedMs < graceMinutes * 60_000) return { verdict: 'WAIT' };
  return { verdict: 'DECIDE_WITHOUT_CLICK', waitedMinutes: Math.floor(waitedMs / 60_000) };
}
