// What a mission asks, who may take it up, and what proof it needs: no Nest, no I/O.

export const missionKinds = ['SOCIAL_POST', 'EVENT', 'PRODUCT_REVIEW', 'IDEA', 'REFERRAL_GOAL'] as const;
export type MissionKind = (typeof missionKinds)[number];

/**
 * The four forms of customer involvement (Heskett, Sasser and Wheeler): a mission can
 * be of each; its kind suggests one, ops may pick another.
 */
export const involvementForms = ['DELIVER_SERVICE', 'IMPROVE_PRODUCTS', 'PRODUCE_PERSONAL_VALUE', 'SALES_AND_MARKETING'] as const;
export type InvolvementForm = (typeof involvementForms)[number];

export const proofKinds = ['NONE', 'LINK', 'TEXT'] as const;
export type ProofKind = (typeof proofKinds)[number];

export const submissionStatuses = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

const DEFAULT_INVOLVEMENT: Record<MissionKind, InvolvementForm> = {
  SOCIAL_POST: 'SALES_AND_MARKETING',
  EVENT: 'DELIVER_SERVICE',
  PRODUCT_REVIEW: 'IMPROVE_PRODUCTS',
  IDEA: 'IMPROVE_PRODUCTS',
  REFERRAL_GOAL: 'SALES_AND_MARKETING',
};

export function defaultInvolvement(kind: MissionKind): InvolvementForm {
  return DEFAULT_INVOLVEMENT[kind];
}

export const MISSION_LIMITS = { titleMax: 200, descriptionMax: 5000, pointsMax: 1_000_000, perAmbassadorMax: 1000, proofMax: 2000, reasonMax: 1000 };

export interface MissionProblem {
  field: string;
  problem: string;
}

export interface MissionDraft {
  title: string;
  description: string;
  points: number;
  bountyMinor: number | null;
  limitPerAmbassador: number;
  startsAt: Date;
  endsAt: Date | null;
}

/** What is wrong with a mission ops configure, by field (empty when fine). */
export function checkMission(draft: MissionDraft, campaign: { startsAt: Date; endsAt: Date | null }): MissionProblem[] {
  const problems: MissionProblem[] = [];
  if (draft.title.trim().length === 0) problems.push({ field: 'title', problem: 'title: must not be blank' });
  if (!Number.isInteger(draft.points) || draft.points < 0 || draft.points > MISSION_LIMITS.pointsMax) {
    problems.push({ field: 'points', problem: `points: must be a whole number from 0 to ${MISSION_LIMITS.pointsMax}` });
  }
  if (draft.bountyMinor !== null && (!Number.isSafeInteger(draft.bountyMinor) || draft.bountyMinor <= 0)) {
    problems.push({ field: 'bountyMinor', problem: 'bountyMinor: a bounty is a positive whole number of minor units (leave it out for none)' });
  }
  if (draft.points === 0 && draft.bountyMinor === null) problems.push({ field: 'points', problem: 'points: a mission without a bounty must award points' });
  if (!Number.isInteger(draft.limitPerAmbassador) || draft.limitPerAmbassador < 1 || draft.limitPerAmbassador > MISSION_LIMITS.perAmbassadorMax) {
    problems.push({ field: 'limitPerAmbassador', problem: `limitPerAmbassador: must be a whole number from 1 to ${MISSION_LIMITS.perAmbassadorMax}` });
  }
  if (draft.endsAt && draft.endsAt <= draft.startsAt) problems.push({ field: 'endsAt', problem: 'endsAt: must be after startsAt' });
  if (campaign.endsAt && draft.startsAt >= campaign.endsAt) problems.push({ field: 'startsAt', problem: `startsAt: the campaign ends at ${campaign.endsAt.toISOString()}` });
  return problems;
}

export function isMissionOpen(mission: { startsAt: Date; endsAt: Date | null }, at: Date): boolean {
  return mission.startsAt <= at && (mission.endsAt === null || at < mission.endsAt);
}

export type ProofCheck = { ok: true; url: string | null; text: string | null } | ({ ok: false } & MissionProblem);

/** The proof a submission carries, as the mission asks: a link (http or https), a text, or none. */
export function checkProof(kind: ProofKind, proof: { url?: string | null; text?: string | null }): ProofCheck {
  const url = proof.url?.trim() || null;
  const text = proof.text?.trim() || null;
  if (url && url.length > MISSION_LIMITS.proofMax) return { ok: false, field: 'proofUrl', problem: `proofUrl: must be at most ${MISSION_LIMITS.proofMax} characters` };
  if (text && text.length > MISSION_LIMITS.proofMax) return { ok: false, field: 'proofText', problem: `proofText: must be at most ${MISSION_LIMITS.proofMax} characters` };
  if (url && !isWebLink(url)) return { ok: false, field: 'proofUrl', problem: 'proofUrl: must be an http or https link' };
  if (kind === 'LINK' && !url) return { ok: false, field: 'proofUrl', problem: 'proofUrl: this mission needs a link as proof' };
  if (kind === 'TEXT' && !text) return { ok: false, field: 'proofText', problem: 'proofText: this mission needs a text as proof' };
  return { ok: true, url, text };
}

function isWebLink(value: string): boolean {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname.includes('.');
  } catch {
    return false;
  }
}

export type Refusal = { field: string; code: 'NOT_ACTIVE' | 'OTHER_PROGRAM' | 'TIER_NOT_ELIGIBLE' | 'CAMPAIGN_NOT_RUNNING' | 'MISSION_NOT_OPEN' | 'LIMIT_REACHED'; problem: string };

export interface Participant {
  status: string;
  programId: string;
  tierId: string | null;
}

/**
 * Whether an ambassador may submit to a mission now: ACTIVE, of the campaign's program,
 * of an eligible tier (none listed: every tier), while campaign and mission run, under
 * the per-ambassador limit (pending and approved submissions count; rejected don't).
 */
export function refusalToSubmit(
  ambassador: Participant,
  campaign: { programId: string; status: string; eligibleTierIds: string[] },
  mission: { startsAt: Date; endsAt: Date | null; limitPerAmbassador: number },
  countedSubmissions: number,
  at: Date,
): Refusal | null {
  if (ambassador.status !== 'ACTIVE') return { field: 'ambassador', code: 'NOT_ACTIVE', problem: `only an ACTIVE ambassador may take part (this one is ${ambassador.status})` };
  if (ambassador.programId !== campaign.programId) return { field: 'missionId', code: 'OTHER_PROGRAM', problem: "missionId: this mission belongs to another program's campaign" };
  if (campaign.eligibleTierIds.length > 0 && (ambassador.tierId === null || !campaign.eligibleTierIds.includes(ambassador.tierId))) {
    return { field: 'missionId', code: 'TIER_NOT_ELIGIBLE', problem: "missionId: the campaign is open to other tiers than the ambassador's" };
  }
  if (campaign.status !== 'ACTIVE') return { field: 'missionId', code: 'CAMPAIGN_NOT_RUNNING', problem: `missionId: the campaign is ${campaign.status}, not ACTIVE` };
  if (!isMissionOpen(mission, at)) return { field: 'missionId', code: 'MISSION_NOT_OPEN', problem: 'missionId: the mission is not open now (see its startsAt and endsAt)' };
  if (countedSubmissions >= mission.limitPerAmbassador) {
    return { field: 'missionId', code: 'LIMIT_REACHED', problem: `missionId: at most ${mission.limitPerAmbassador} submission(s) per ambassador, pending or approved` };
  }
  return null;
}

/** What a review does to a submission: approve again is nothing (pays once), and a decided one stays decided. */
export function reviewOutcome(current: SubmissionStatus, decision: 'APPROVED' | 'REJECTED'): 'APPLY' | 'ALREADY_DONE' | 'CONFLICT' {
  if (current === 'PENDING') return 'APPLY';
  return current === decision && decision === 'APPROVED' ? 'ALREADY_DONE' : 'CONFLICT';
}
