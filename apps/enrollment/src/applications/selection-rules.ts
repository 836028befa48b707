import { ApplicationErrorCode, ApplicationException } from './application.exception';

export interface ApplicationQuestion {
  /** Stable id the answers refer to, e.g. "why". */
  key: string;
  prompt: string;
}

/** How a program selects its ambassadors; each change is a new version. */
export interface SelectionRules {
  minPriorOrders: number;
  minAccountAgeDays: number;
  /** ISO 3166-1 alpha-2 codes; empty means every country. */
  allowedCountries: string[];
  requiredQuestions: ApplicationQuestion[];
  /** Score (0–100) at or above which an application is approved without review; null: always reviewed. */
  autoApproveScore: number | null;
  /** Ambassadors the program takes; null: no limit. Past it, approvals go to the waitlist. */
  capacity: number | null;
  /** Days a rejected applicant waits before applying to the same program again. */
  reapplyCooldownDays: number;
  /** Invite customers recovery wins back to apply (absent in versions saved before it existed: no). */
  inviteRecoveredCustomers?: boolean;
}

/** The rules of a program whose marketing ops have set none yet (version 0): open to all, every application reviewed. */
export const DEFAULT_SELECTION_RULES: SelectionRules = Object.freeze({
  minPriorOrders: 0,
  minAccountAgeDays: 0,
  allowedCountries: [],
  requiredQuestions: [],
  autoApproveScore: null,
  capacity: null,
  reapplyCooldownDays: 30,
  inviteRecoveredCustomers: false,
});

const COUNTRY = /^[A-Z]{2}$/;
const QUESTION_KEY = /^[a-z][a-z0-9_-]{0,39}$/;

function refuse(message: string): never {
  throw new ApplicationException(ApplicationErrorCode.INVALID_RULES, message);
}

function wholeNumber(field: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) refuse(`${field} must be a whole number from 0 to ${max}`);
  return value;
}

/** Checks and tidies rules before they become a version: the scoring then trusts them. */
export function checkSelectionRules(input: SelectionRules): SelectionRules {
  const allowedCountries = [...new Set(input.allowedCountries.map((c) => c.trim().toUpperCase()))];
  const badCountry = allowedCountries.find((c) => !COUNTRY.test(c));
  if (badCountry !== undefined) refuse(`allowedCountries: "${badCountry}" is not an ISO 3166-1 alpha-2 code`);
  const keys = new Set<string>();
  const requiredQuestions = input.requiredQuestions.map((q) => {
    const key = q.key.trim();
    const prompt = q.prompt.trim();
    if (!QUESTION_KEY.test(key)) refuse(`requiredQuestions: key "${q.key}" must be 1-40 lowercase letters, digits, "_" or "-", starting with a letter`);
    if (keys.has(key)) refuse(`requiredQuestions: key "${key}" is used twice`);
    if (prompt.length === 0) refuse(`requiredQuestions: the prompt of "${key}" must not be blank`);
    keys.add(key);
    return { key, prompt };
  });
  return {
    minPriorOrders: wholeNumber('minPriorOrders', input.minPriorOrders, 100000),
    minAccountAgeDays: wholeNumber('minAccountAgeDays', input.minAccountAgeDays, 36500),
    allowedCountries,
    requiredQuestions,
    autoApproveScore: input.autoApproveScore === null ? null : wholeNumber('autoApproveScore', input.autoApproveScore, 100),
    capacity: input.capacity === null ? null : wholeNumber('capacity', input.capacity, 1000000),
    reapplyCooldownDays: wholeNumber('reapplyCooldownDays', input.reapplyCooldownDays, 3650),
    inviteRecoveredCustomers: input.inviteRecoveredCustomers === true,
  };
}
