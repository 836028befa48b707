// Program health for a period: no Nest, no I/O. The queries gather facts; this decides what they mean.
import { BASIS_POINTS_PER_UNIT, divideRounded, RoundingMode } from '@streetteam/money';

/** One customer identity (hashEmail) and what they did: the unit of the ownership quotient. */
export interface CustomerActivity {
  /** How many customers did exactly this (queries group alike customers); 1 when absent. */
  count?: number;
  /** Orders before the period began. */
  ordersBefore: number;
  ordersInPeriod: number;
  /** As an ambassador (their own customer identity), an order was attributed to them in the period. */
  referred: boolean;
  /** An idea in the period, through the public form or as an ambassador. */
  contributedIdea: boolean;
  /** An approved product-review mission in the period. */
  contributedReview: boolean;
}

export interface IdeaTiming {
  submittedAt: Date;
  firstAnsweredAt: Date | null;
}

export interface RecoveredCustomer {
  recoveredAt: Date;
  /** An order placed after the recovery. */
  boughtAfter: boolean;
  /** An ambassador activated with this customer identity after the recovery. */
  joinedAfter: boolean;
}

export interface ProgramHealthFacts {
  customers: CustomerActivity[];
  activeAmbassadors: number;
  /** Attributed sales and the commissions they cost, net of reversals, in minor units of the program currency. */
  attributedSalesMinor: number;
  commissionCostMinor: number;
  ideas: IdeaTiming[];
  recovered: RecoveredCustomer[];
}

export interface ProgramHealthFigures {
  customers: number;
  owners: number;
  /** Owners per customer, in basis points; null without customers. */
  ownershipQuotientBps: number | null;
  activeAmbassadors: number;
  attributedSalesMinor: number;
  commissionCostMinor: number;
  /** Commission cost per attributed sale, in basis points; null without sales. */
  commissionCostShareBps: number | null;
  ideasSubmitted: number;
  ideasAnswered: number;
  ideaAnswerRateBps: number | null;
  /** Median time from an idea to its first answer, of those answered; null when none was. */
  medianFirstAnswerSeconds: number | null;
  recoveredCustomers: number;
  recoveredWhoBought: number;
  recoveredWhoJoined: number;
}

/**
 * An owner (the ownership quotient of Heskett, Sasser and Wheeler) bought again in the
 * period (an order in it that was not their first) and referred someone or contributed
 * an idea or a review. The quotient counts customers who ordered in the period.
 */
export function isOwner(c: CustomerActivity): boolean {
  const boughtAgain = c.ordersInPeriod >= 1 && c.ordersBefore + c.ordersInPeriod >= 2;
  return boughtAgain && (c.referred || c.contributedIdea || c.contributedReview);
}

/** part / whole in basis points, rounded half-even; null when there is no whole. */
export function shareBps(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Number(divideRounded(BigInt(part) * BigInt(BASIS_POINTS_PER_UNIT), BigInt(whole), RoundingMode.HALF_EVEN));
}

/** The median of whole numbers; of an even count, the mean of the middle two rounded down. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.floor((sorted[mid - 1] + sorted[mid]) / 2);
}

const weight = (c: CustomerActivity) => c.count ?? 1;

export function programHealth(facts: ProgramHealthFacts): ProgramHealthFigures {
  const buyers = facts.customers.filter((c) => c.ordersInPeriod >= 1);
  const customers = buyers.reduce((n, c) => n + weight(c), 0);
  const owners = buyers.filter(isOwner).reduce((n, c) => n + weight(c), 0);
  const answered = facts.ideas.filter((i): i is { submittedAt: Date; firstAnsweredAt: Date } => i.firstAnsweredAt !== null);
  return {
    customers,
    owners,
    ownershipQuotientBps: shareBps(owners, customers),
    activeAmbassadors: facts.activeAmbassadors,
    attributedSalesMinor: facts.attributedSalesMinor,
    commissionCostMinor: facts.commissionCostMinor,
    commissionCostShareBps: shareBps(facts.commissionCostMinor, facts.attributedSalesMinor),
    ideasSubmitted: facts.ideas.length,
    ideasAnswered: answered.length,
    ideaAnswerRateBps: shareBps(answered.length, facts.ideas.length),
    medianFirstAnswerSeconds: median(answered.map((i) => Math.round((i.firstAnsweredAt.getTime() - i.submittedAt.getTime()) / 1000))),
    recoveredCustomers: facts.recovered.length,
    recoveredWhoBought: facts.recovered.filter((r) => r.boughtAfter).length,
    recoveredWhoJoined: facts.recovered.filter((r) => r.joinedAfter).length,
  };
}

export const MAX_PERIOD_DAYS = 366;

/** A period is [from, to): to after from, at most MAX_PERIOD_DAYS long. */
export function checkPeriod(from: Date, to: Date): { field: string; problem: string } | null {
  if (Number.isNaN(from.getTime())) return { field: 'from', problem: 'from: must be a date-time' };
  if (Number.isNaN(to.getTime())) return { field: 'to', problem: 'to: must be a date-time' };
  if (to <= from) return { field: 'to', problem: 'to: must be after from' };
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) return { field: 'to', problem: `to: a period is at most ${MAX_PERIOD_DAYS} days` };
  return null;
}
