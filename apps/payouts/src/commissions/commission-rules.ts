import { CommissionStage } from '../ledger/ledger';

/** What payouts knows of one commission (money in bigint minor units). */
export interface CommissionState {
  amountMinor: bigint;
  /** Sum of its reversals so far; never above amountMinor. */
  reversedMinor: bigint;
  stage: CommissionStage;
  /** A fraud hold: never released nor paid while true. */
  held: boolean;
  holdUntil: Date;
}

export function remainingOf(c: Pick<CommissionState, 'amountMinor' | 'reversedMinor'>): bigint {
  return c.amountMinor - c.reversedMinor;
}

/**
 * How much of a reversal applies, and from where. Campaigns promises reversals never add
 * up to more than the commission; should one still ask for more, only what is left is
 * taken (the rest is reported as `refusedMinor`, never silently invented).
 */
export function reversalOf(c: CommissionState, requestedMinor: bigint): { stage: CommissionStage; amountMinor: bigint; refusedMinor: bigint } {
  const left = remainingOf(c);
  const amountMinor = requestedMinor < left ? requestedMinor : left;
  return { stage: c.stage, amountMinor: amountMinor > 0n ? amountMinor : 0n, refusedMinor: requestedMinor - (amountMinor > 0n ? amountMinor : 0n) };
}

/** The hold-release job moves it when its hold passed, unless fraud holds it. */
export function isReleasable(c: CommissionState, now: Date): boolean {
  return c.stage === 'PENDING' && !c.held && c.holdUntil.getTime() <= now.getTime();
}
