import { scrubSecrets } from '../secrets';
import { z } from 'zod';
import { isSecretKey } from '../secrets';
import { ConfigError } from './config-error';
import { isSecretField, objectShape } from './env-fields';

const MAX_SHOWN_VALUE_LENGTH = 60;

/**
 * Reads and validates configuration from the environment. Throws ConfigError listing every
 * bad variable on one line, e.g.
 * `Invalid configuration: ENROLLMENT_PORT must be an integer (got "abc"); DATABASE_URL is required`.
 */
export function loadConfig<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, env: NodeJS.ProcessEnv = process.env): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, schema, env));
  throw new ConfigError([...new Set(problems)]);
}

function describeIssue(issue: z.ZodIssue, schema: z.ZodTypeAny, env: NodeJS.ProcessEnv): string {
  const name = issue.path.join('.');
  const problem = describeProblem(issue);
  if (name === '') return problem;
  const variable = String(issue.path[0]);
  const raw = issue.path.length === 1 ? env[variable] : undefined;
  const hidden = isSecretKey(variable) || isSecretField(objectShape(schema)?.[variable]);
  const shown = raw !== undefined && raw.trim() !== '' && !hidden;
  // A URL's password never reaches the message, even for a variable not marked secret.
  return shown ? `${name} ${problem} (got ${JSON.stringify(truncate(scrubSecrets(raw)))})` : `${name} ${problem}`;
}

function truncate(value: string): string {
  return value.length > MAX_SHOWN_VALUE_LENGTH ? `${value.slice(0, MAX_SHOWN_VALUE_LENGTH)}…` : value;
}

// Zod's own messages quote the received value and read awkwardly after a variable name;
// these read as "<NAME> <problem>".
function describeProblem(issue: z.ZodIssue): string {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return issue.received === 'undefined' ? 'is required' : `must be ${issue.expected}`;
    case z.ZodIssueCode.invalid_enum_value:
      return `must be one of ${issue.options.join(', ')}`;
    case z.ZodIssueCode.invalid_literal:
      return `must be ${JSON.stringify(issue.expected)}`;
    case z.ZodIssueCode.invalid_string:
      return describeStringProblem(issue.validation);
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}`;
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return `must be at most ${issue.maximum} characters`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case z.ZodIssueCode.custom:
      return issue.message;
    default:
      return `is invalid (${issue.message})`;
  }
}

function describeStringProblem(validation: z.StringValidation): string {
  if (validation === 'url') return 'must be a URL';
  if (validation === 'email') return 'must be an email';
  if (validation === 'regex') return 'has an invalid format';
  if (typeof validation === 'string') return `must be a valid ${validation}`;
  return 'has an invalid format';
}
