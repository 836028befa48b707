import { normalizeEmail } from '../accounts/account-rules';
import { AccountException } from '../accounts/account.exception';
import { ApplicationErrorCode, ApplicationException } from './application.exception';

export interface ApplicationInput {
  programId: string;
  email: string;
  name: string;
  country: string;
  socialHandles: string[];
  answers: Array<{ questionKey: string; answer: string }>;
  priorOrders: number;
  /** YYYY-MM-DD, or absent. */
  customerSince?: string | null;
  acceptedTerms: boolean;
}

export interface CheckedApplication extends Omit<ApplicationInput, 'customerSince'> {
  customerSince: Date | null;
}

function refuse(message: string): never {
  throw new ApplicationException(ApplicationErrorCode.INVALID_INPUT, message);
}

/** Tidies what an applicant typed and refuses what can't be judged; sizes were checked at the edge. */
export function checkApplicationInput(input: ApplicationInput, now: Date): CheckedApplication {
  let email: string;
  try {
    email = normalizeEmail(input.email);
  } catch (error) {
    if (error instanceof AccountException) refuse(error.message);
    throw error;
  }
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length === 0) refuse('name must not be blank');
  const country = input.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) refuse(`country "${input.country}" is not an ISO 3166-1 alpha-2 code`);
  if (!input.acceptedTerms) throw new ApplicationException(ApplicationErrorCode.TERMS_NOT_ACCEPTED, 'acceptedTerms must be true: the program terms must be accepted to apply');
  const keys = input.answers.map((a) => a.questionKey);
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated !== undefined) refuse(`answers: question "${repeated}" is answered twice`);
  let customerSince: Date | null = null;
  if (input.customerSince) {
    customerSince = /^\d{4}-\d{2}-\d{2}$/.test(input.customerSince) ? new Date(`${input.customerSince}T00:00:00.000Z`) : new Date(NaN);
    if (Number.isNaN(customerSince.getTime())) refuse(`customerSince "${input.customerSince}" must be a date as YYYY-MM-DD`);
    if (customerSince > now) refuse('customerSince must not be in the future');
  }
  return {
    ...input,
    email,
    name,
    country,
    socialHandles: [...new Set(input.socialHandles.map((h) => h.trim()).filter((h) => h.length > 0))],
    answers: input.answers.map((a) => ({ questionKey: a.questionKey.trim(), answer: a.answer.trim() })),
    customerSince,
  };
}
