// What a sale, a lead or a bounty earns, what the caps leave of it, and what a refund or
// a claim takes back. Integer minor units and basis points only (BigInt inside).
import { applyRate, money, RoundingMode } from '@streetteam/money';
import { CommissionRuleSet } from '../campaigns/campaign-rules';

export interface Earned {
  amountMinor: number;
  points: number;
}

/**
 * The campaign's rates (or the ambassador's tier override) applied to the net sale:
 * percentage + flat per sale (a lead: flat per lead), then × the tier's multiplier.
 * Rounded half-even once per step, so no cent is invented.
 */
export function commissionFor(
  rules: CommissionRuleSet,
  input: { kind: 'SALE' | 'LEAD'; saleAmountMinor: number; currency: string; tierId: string | null; multiplierBps: number },
): Earned {
  const override = input.tierId ? rules.tierOverrides.find((o) => o.tierId === input.tierId) : undefined;
  let base: number;
  if (input.kind === 'SALE') {
    const percentBps = override?.percentBps ?? rules.percentBps;
    const flat = override?.flatPerSaleMinor ?? rules.flatPerSaleMinor;
    base = applyRate(money(input.saleAmountMinor, input.currency), percentBps).amountMinor + flat;
  } else {
    base = override?.flatPerLeadMinor ?? rules.flatPerLeadMinor;
  }
  const amountMinor = applyRate(money(base, input.currency), input.multiplierBps, RoundingMode.HALF_EVEN).amountMinor;
  return { amountMinor, points: input.kind === 'SALE' ? rules.pointsPerSale : rules.pointsPerLead };
}

export interface CapRoom {
  /** What each cap still allows; null where there is no such cap. */
  budgetRemainingMinor: number | null;
  dayRemainingMinor: number | null;
  monthRemainingMinor: number | null;
}

export interface Capped {
  amountMinor: number;
  /** Which cap cut the commission, when one did. */
  capNote: string | null;
}

/** A commission is cut to what the tightest cap leaves, and is zero once a cap is reached. */
export function applyCaps(amountMinor: number, room: CapRoom): Capped {
  const caps: Array<[string, number | null]> = [
    ['budget cap', room.budgetRemainingMinor],
    ['daily spend cap', room.dayRemainingMinor],
    ['monthly spend cap', room.monthRemainingMinor],
  ];
  let amount = amountMinor;
  let note: string | null = null;
  for (const [name, remaining] of caps) {
    if (remaining === null) continue;
    const left = Math.max(0, remaining);
    if (left < amount) {
      amount = left;
      note = left === 0 ? `${name} reached: nothing accrues` : `cut to what the ${name} leaves (${left})`;
    }
  }
  return { amountMinor: amount, capNote: note };
}

export function capRoom(
  campaign: { budgetCapMinor: number | null; dailyCapMinor: number | null; monthlyCapMinor: number | null; accruedMinor: number },
  spent: { dayMinor: number; monthMinor: number },
): CapRoom {
  return {
    budgetRemainingMinor: campaign.budgetCapMinor === null ? null : campaign.budgetCapMinor - campaign.accruedMinor,
    dayRemainingMinor: campaign.dailyCapMinor === null ? null : campaign.dailyCapMinor - spent.dayMinor,
    monthRemainingMinor: campaign.monthlyCapMinor === null ? null : campaign.monthlyCapMinor - spent.monthMinor,
  };
}

/** Payable only after the program's guarantee window. */
export function holdUntil(earnedAt: Date, guaranteeWindowDays: number): Date {
  return new Date(earnedAt.getTime() + guaranteeWindowDays * 86_400_000);
}

export interface Share {
  amountMinor: number;
  saleAmountMinor: number;
  points: number;
}

/**
 * What one more refund or claim takes back. Kept cumulative: after taking back
 * `takenBackSaleMinor` of the order in all, the commission has given back
 * floor(earned × takenBack / order) in all, never more than it earned. So partial
 * refunds reverse in proportion, rounding never drifts, and a full refund reverses exactly all.
 */
export function reversalShare(earned: Share, reversedSoFar: Share, orderAmountMinor: number, takenBackSaleMinor: number): Share {
  const order = BigInt(orderAmountMinor);
  const taken = BigInt(Math.min(Math.max(takenBackSaleMinor, 0), orderAmountMinor));
  const target = (value: number) => (order === 0n ? BigInt(value) : (BigInt(value) * taken) / order);
  const next = (key: keyof Share) => Math.max(0, Math.min(earned[key], Number(target(earned[key]))) - reversedSoFar[key]);
  return { amountMinor: next('amountMinor'), saleAmountMinor: next('saleAmountMinor'), points: next('points') };
}

/** What is left to take back (a fraud void takes it all). */
export function remainingShare(earned: Share, reversedSoFar: Share): Share {
  return {
    amountMinor: Math.max(0, earned.amountMinor - reversedSoFar.amountMinor),
    saleAmountMinor: Math.max(0, earned.saleAmountMinor - reversedSoFar.saleAmountMinor),
    points: Math.max(0, earned.points - reversedSoFar.points),
  };
}
