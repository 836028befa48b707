import { ClaimReason, claimReasons, ClaimResolutionKind, claimResolutionKinds } from '@streetteam/contracts';

/** A program's unconditional guarantee: what a claim gets without questions, and when a human looks. */
export interface GuaranteePolicy {
  guaranteeWindowDays: number;
  allowedResolutions: ClaimResolutionKind[];
  /** Reasons whose resolution takes the ambassador's commission back; the others leave it (sold in good faith). */
  clawbackReasons: ClaimReason[];
  followUpDelayHours: number;
  /** A new order within this many days of a resolution counts as a recovered customer. */
  reorderWindowDays: number;
  /** How long a claim waiting for a human may wait. */
  slaHours: number;
  /** Abuse reports against a customer from which their claims go to a supervisor. */
  abuseReportThreshold: number;
  /** Claims by one customer within `claimCountPeriodDays` (this one included) from which they go to a supervisor. */
  claimCountThreshold: number;
  claimCountPeriodDays: number;
}

/** What a program gets until marketing ops change it (the migration's column defaults say the same). */
export const DEFAULT_GUARANTEE_POLICY: Omit<GuaranteePolicy, 'guaranteeWindowDays'> = {
  allowedResolutions: ['REFUND', 'REPLACEMENT', 'STORE_CREDIT'],
  clawbackReasons: ['CHANGED_MIND'],
  followUpDelayHours: 72,
  reorderWindowDays: 90,
  slaHours: 24,
  abuseReportThreshold: 2,
  claimCountThreshold: 3,
  claimCountPeriodDays: 90,
};

export interface PolicyProblem {
  field: string;
  problem: string;
}

const LIMITS: Array<[keyof GuaranteePolicy, number, number]> = [
  ['guaranteeWindowDays', 0, 3650],
  ['followUpDelayHours', 0, 24 * 90],
  ['reorderWindowDays', 0, 3650],
  ['slaHours', 1, 24 * 30],
  ['abuseReportThreshold', 1, 1000],
  ['claimCountThreshold', 1, 1000],
  ['claimCountPeriodDays', 1, 3650],
];

/** Every problem of a policy, each naming its field; empty when it is sound. */
export function policyProblems(policy: GuaranteePolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const [field, min, max] of LIMITS) {
    const value = policy[field] as number;
    if (!Number.isInteger(value) || value < min || value > max) problems.push({ field, problem: `must be an integer from ${min} to ${max} (got ${value})` });
  }
  if (policy.allowedResolutions.length === 0) problems.push({ field: 'allowedResolutions', problem: 'must allow at least one resolution' });
  const unknownKind = policy.allowedResolutions.find((kind) => !(claimResolutionKinds as readonly string[]).includes(kind));
  if (unknownKind) problems.push({ field: 'allowedResolutions', problem: `"${unknownKind}" is not a resolution` });
  if (new Set(policy.allowedResolutions).size !== policy.allowedResolutions.length) problems.push({ field: 'allowedResolutions', problem: 'lists a resolution twice' });
  const unknownReason = policy.clawbackReasons.find((reason) => !(claimReasons as readonly string[]).includes(reason));
  if (unknownReason) problems.push({ field: 'clawbackReasons', problem: `"${unknownReason}" is not a claim reason` });
  if (new Set(policy.clawbackReasons).size !== policy.clawbackReasons.length) problems.push({ field: 'clawbackReasons', problem: 'lists a reason twice' });
  return problems;
}

/** Whether the program takes the commission back for a claim of this reason. */
export function clawsBack(policy: Pick<GuaranteePolicy, 'clawbackReasons'>, reason: ClaimReason): boolean {
  return policy.clawbackReasons.includes(reason);
}

/** The last moment a claim for an order placed at `placedAt` is inside the guarantee. */
export function guaranteeEndsAt(policy: Pick<GuaranteePolicy, 'guaranteeWindowDays'>, placedAt: Date): Date {
  return new Date(placedAt.getTime() + policy.guaranteeWindowDays * 86_400_000);
}
