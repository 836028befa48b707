// Where is my reward? One status and one sentence per referral, from what campaigns and payouts know.

export const rewardStatuses = ['REFUSED', 'NO_COMMISSION', 'PENDING', 'ON_HOLD', 'AVAILABLE', 'PAID', 'REVERSED'] as const;
export type RewardStatus = (typeof rewardStatuses)[number];

export interface RewardFacts {
  refusedReason: string | null;
  /** A lead (no sale): without a commission, its campaign pays nothing per lead. */
  lead: boolean;
  commission: {
    amountMinor: number;
    reversedMinor: number;
    points: number;
    reversedPoints: number;
    currency: string;
    holdUntil: Date;
    fraudHeld: boolean;
    capNote: string | null;
    releasedAt: Date | null;
    paidAt: Date | null;
    payoutId: string | null;
  } | null;
  /** Newest last. */
  reversals: Array<{ cause: string; amountMinor: number; reason: string }>;
  absorbedClaims: number;
}

export function rewardStatus(f: RewardFacts, now: Date): { status: RewardStatus; note: string } {
  if (f.refusedReason) return { status: 'REFUSED', note: `Not credited: ${f.refusedReason}` };
  const c = f.commission;
  if (!c) return { status: 'NO_COMMISSION', note: f.lead ? 'Credited to you; this campaign pays nothing per lead.' : 'Credited to you, but no commission was computed.' };
  const absorbed = f.absorbedClaims > 0 ? ` ${f.absorbedClaims === 1 ? 'A guarantee claim was' : `${f.absorbedClaims} guarantee claims were`} absorbed by the brand; your commission is untouched.` : '';
  const partial = c.reversedMinor > 0 ? ` ${c.reversedMinor} of ${c.amountMinor} was taken back (${f.reversals.map((r) => r.reason).join('; ')}).` : '';
  if (c.amountMinor > 0 && c.reversedMinor >= c.amountMinor) {
    const last = f.reversals[f.reversals.length - 1];
    return { status: 'REVERSED', note: `Reversed: ${last ? last.reason : 'taken back'}.` };
  }
  if (c.amountMinor === 0 && c.points === 0) return { status: 'NO_COMMISSION', note: c.capNote ? `Nothing accrued: ${c.capNote}.` : 'Nothing accrued.' };
  const cap = c.capNote ? ` (${c.capNote})` : '';
  if (c.paidAt) return { status: 'PAID', note: `Paid on ${c.paidAt.toISOString().slice(0, 10)}${c.payoutId ? ` in payout ${c.payoutId}` : ''}.${partial}${absorbed}` };
  if (c.fraudHeld) return { status: 'ON_HOLD', note: `On hold while our team reviews it.${partial}${absorbed}` };
  if (c.releasedAt) return { status: 'AVAILABLE', note: `Available since ${c.releasedAt.toISOString().slice(0, 10)}: it goes out with the next payout.${partial}${absorbed}` };
  const waiting = c.holdUntil > now ? `Pending until ${c.holdUntil.toISOString().slice(0, 10)} (the guarantee window)` : 'Pending: the guarantee window has passed, it becomes available shortly';
  return { status: 'PENDING', note: `${waiting}${cap}.${partial}${absorbed}` };
}
