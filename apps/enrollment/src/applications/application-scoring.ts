import { SelectionRules } from './selection-rules';

export interface Applicant {
  country: string;
  /** Orders the applicant says they placed with the brand. */
  priorOrders: number;
  /** When the applicant became a customer; null when they don't say. */
  customerSince: Date | null;
  answers: ReadonlyArray<{ questionKey: string; answer: string }>;
}

export type SelectionRuleName = 'PRIOR_ORDERS' | 'ACCOUNT_AGE' | 'COUNTRY' | 'REQUIRED_QUESTIONS';

/** One rule's verdict, kept with the application so a reviewer sees why it scored what it did. */
export interface RuleResult {
  rule: SelectionRuleName;
  passed: boolean;
  detail: string;
}

export interface Scoring {
  /** Share of rules passed, 0–100. */
  score: number;
  results: RuleResult[];
}

const DAY_MS = 86400000;

/** Judges an applicant against one version of a program's rules; every rule weighs the same. */
export function scoreApplication(applicant: Applicant, rules: SelectionRules, now: Date): Scoring {
  const ageDays = applicant.customerSince ? Math.floor((now.getTime() - applicant.customerSince.getTime()) / DAY_MS) : null;
  const answered = new Set(applicant.answers.filter((a) => a.answer.trim().length > 0).map((a) => a.questionKey));
  const missing = rules.requiredQuestions.filter((q) => !answered.has(q.key)).map((q) => q.key);
  const results: RuleResult[] = [
    {
      rule: 'PRIOR_ORDERS',
      passed: applicant.priorOrders >= rules.minPriorOrders,
      detail: `${applicant.priorOrders} prior order(s); at least ${rules.minPriorOrders} required`,
    },
    {
      rule: 'ACCOUNT_AGE',
      passed: (ageDays ?? 0) >= rules.minAccountAgeDays,
      detail: `${ageDays === null ? 'customer since: not given' : `customer for ${ageDays} day(s)`}; at least ${rules.minAccountAgeDays} required`,
    },
    {
      rule: 'COUNTRY',
      passed: rules.allowedCountries.length === 0 || rules.allowedCountries.includes(applicant.country),
      detail: rules.allowedCountries.length === 0 ? `${applicant.country}; every country allowed` : `${applicant.country}; allowed: ${rules.allowedCountries.join(', ')}`,
    },
    {
      rule: 'REQUIRED_QUESTIONS',
      passed: missing.length === 0,
      detail: missing.length === 0 ? `all ${rules.requiredQuestions.length} required question(s) answered` : `unanswered: ${missing.join(', ')}`,
    },
  ];
  const score = Math.round((100 * results.filter((r) => r.passed).length) / results.length);
  return { score, results };
}

export type ApplicationStatus = 'SUBMITTED' | 'UNDER_REVIEW' | 'APPROVED' | 'REJECTED' | 'WAITLISTED' | 'WITHDRAWN';

export const OPEN_STATUSES: readonly ApplicationStatus[] = ['SUBMITTED', 'UNDER_REVIEW', 'WAITLISTED'];

/** What happens to a new application: approved at once when it scores high enough and there is room, waitlisted when there is none. */
export function automaticOutcome(score: number, rules: SelectionRules, ambassadorsInProgram: number): 'APPROVED' | 'WAITLISTED' | 'SUBMITTED' {
  if (rules.autoApproveScore === null || score < rules.autoApproveScore) return 'SUBMITTED';
  return hasRoom(rules, ambassadorsInProgram) ? 'APPROVED' : 'WAITLISTED';
}

export function hasRoom(rules: SelectionRules, ambassadorsInProgram: number): boolean {
  return rules.capacity === null || ambassadorsInProgram < rules.capacity;
}

const MOVES: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  SUBMITTED: ['UNDER_REVIEW', 'APPROVED', 'REJECTED', 'WAITLISTED', 'WITHDRAWN'],
  UNDER_REVIEW: ['APPROVED', 'REJECTED', 'WAITLISTED', 'WITHDRAWN'],
  WAITLISTED: ['UNDER_REVIEW', 'APPROVED', 'REJECTED', 'WITHDRAWN'],
  APPROVED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

export function canMove(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return MOVES[from].includes(to);
}

/** The day a rejected applicant may apply to the same program again. */
export function reapplyFrom(rejectedAt: Date, rules: SelectionRules): Date {
  return new Date(rejectedAt.getTime() + rules.reapplyCooldownDays * DAY_MS);
}
