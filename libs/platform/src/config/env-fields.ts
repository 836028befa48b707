import { z } from 'zod';
import { LOG_LEVELS, LogLevelName } from '../logging/log-level';
import { rememberSecretValue } from '../secrets';

/** A field of an environment schema: reads the raw variable, yields a typed value. */
export type EnvField<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

type Reading<T> = { ok: true; value: T } | { ok: false; problem: string };

const secretFields = new WeakSet<z.ZodTypeAny>();

function accept<T>(value: T): Reading<T> {
  return { ok: true, value };
}

function reject(problem: string): Reading<never> {
  return { ok: false, problem };
}

/**
 * Builds a field from a reader of the raw text. An unset or blank variable reaches the
 * reader as undefined, so `FOO=` in a .env file means "use the default", as people expect.
 */
function envField<T>(read: (raw: string | undefined) => Reading<T>, options: { trim?: boolean } = {}): EnvField<T> {
  const trim = options.trim ?? true;
  return z.unknown().transform((input, ctx) => {
    if (input !== undefined && typeof input !== 'string') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be text' });
      return z.NEVER;
    }
    const blank = input === undefined || input.trim() === '';
    const reading = read(blank ? undefined : trim ? input.trim() : input);
    if (!reading.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: reading.problem });
      return z.NEVER;
    }
    return reading.value;
  });
}

function readInteger(raw: string, min: number, max: number): Reading<number> {
  if (!/^-?\d+$/.test(raw)) return reject('must be an integer');
  const value = Number(raw);
  if (value < min || value > max) return reject(`must be between ${min} and ${max}`);
  return accept(value);
}

/** A TCP port (1–65535), `defaultPort` when unset. */
export function port(defaultPort: number): EnvField<number> {
  return envField((raw) => (raw === undefined ? accept(defaultPort) : readInteger(raw, 1, 65535)));
}

/** An integer within [min, max], `defaultValue` when unset. */
export function integer(defaultValue: number, range: { min?: number; max?: number } = {}): EnvField<number> {
  const min = range.min ?? Number.MIN_SAFE_INTEGER;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  return envField((raw) => (raw === undefined ? accept(defaultValue) : readInteger(raw, min, max)));
}

export interface UrlOptions {
  /** Allowed schemes without the colon, e.g. ['postgres', 'postgresql']; any when omitted. */
  protocols?: readonly string[];
}

function readUrl(raw: string, protocols: readonly string[] | undefined): Reading<string> {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return reject('must be a URL');
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (protocols && !protocols.includes(scheme)) return reject(`must be a ${protocols.join(' or ')} URL`);
  return accept(raw);
}

/** A required URL. */
export function url(options?: UrlOptions): EnvField<string>;
/** A URL, `default` when unset. */
export function url(options: UrlOptions & { default: string }): EnvField<string>;
/** A URL that may be unset (the service then uses its embedded default). */
export function url(options: UrlOptions & { optional: true }): EnvField<string | undefined>;
export function url(options: UrlOptions & { default?: string; optional?: boolean } = {}): EnvField<string | undefined> {
  return envField((raw) => {
    if (raw === undefined) {
      if (options.default !== undefined) return accept(options.default);
      return options.optional ? accept(undefined) : reject('is required');
    }
    return readUrl(raw, options.protocols);
  });
}

/** A comma-separated list, trimmed, empty entries dropped; `defaultValues` when unset. */
export function csvList(defaultValues: readonly string[] = []): EnvField<string[]> {
  return envField((raw) => {
    if (raw === undefined) return accept([...defaultValues]);
    return accept(
      raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    );
  });
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** A boolean written true/false (also 1/0, yes/no, on/off), `defaultValue` when unset. */
export function bool(defaultValue: boolean): EnvField<boolean> {
  return envField((raw) => {
    if (raw === undefined) return accept(defaultValue);
    const word = raw.toLowerCase();
    if (TRUE_WORDS.has(word)) return accept(true);
    if (FALSE_WORDS.has(word)) return accept(false);
    return reject('must be true or false');
  });
}

export interface SecretOptions {
  /** Minimum length, to catch truncated or placeholder values. */
  minLength?: number;
}

/**
 * A credential. Errors name the variable, never the value, and once loaded the value is
 * scrubbed from every log line and start-up error, whatever key carries it.
 */
export function secret(options?: SecretOptions): EnvField<string>;
export function secret(options: SecretOptions & { optional: true }): EnvField<string | undefined>;
export function secret(options: SecretOptions & { optional?: boolean } = {}): EnvField<string | undefined> {
  const minLength = options.minLength ?? 1;
  const field = envField(
    (raw) => {
      if (raw === undefined) return options.optional ? accept(undefined) : reject('is required');
      if (raw.length < minLength) return reject(`must be at least ${minLength} characters`);
      rememberSecretValue(raw);
      return accept(raw);
    },
    // Whitespace could be part of a signing secret; trimming it would break signatures.
    { trim: false },
  );
  secretFields.add(field);
  return field;
}

/** True when the field (or the field it wraps: optional, default, refine) is a secret(). */
export function isSecretField(field: z.ZodTypeAny | undefined): boolean {
  let current: z.ZodTypeAny | undefined = field;
  for (let hops = 0; current && hops < 10; hops += 1) {
    if (secretFields.has(current)) return true;
    current = innerField(current);
  }
  return false;
}

function innerField(field: z.ZodTypeAny): z.ZodTypeAny | undefined {
  if (field instanceof z.ZodOptional || field instanceof z.ZodNullable || field instanceof z.ZodDefault) {
    return field._def.innerType as z.ZodTypeAny;
  }
  if (field instanceof z.ZodEffects) return field._def.schema as z.ZodTypeAny;
  if (field instanceof z.ZodPipeline) return field._def.in as z.ZodTypeAny;
  if (field instanceof z.ZodBranded) return field._def.type as z.ZodTypeAny;
  return undefined;
}

/** The shape of an object schema, looking through refinements wrapped around it. */
export function objectShape(schema: z.ZodTypeAny): z.ZodRawShape | undefined {
  let current: z.ZodTypeAny | undefined = schema;
  for (let hops = 0; current && hops < 10; hops += 1) {
    if (current instanceof z.ZodObject) return current.shape as z.ZodRawShape;
    current = innerField(current);
  }
  return undefined;
}

const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** NODE_ENV: development (the default), test or production. */
export const nodeEnv: EnvField<NodeEnv> = envField((raw) => {
  if (raw === undefined) return accept('development');
  const match = NODE_ENVS.find((name) => name === raw);
  return match ? accept(match) : reject(`must be one of ${NODE_ENVS.join(', ')}`);
});

/** LOG_LEVEL: fatal, error, warn, info (the default), debug or verbose. */
export const logLevel: EnvField<LogLevelName> = envField((raw) => {
  if (raw === undefined) return accept('info');
  const match = LOG_LEVELS.find((name) => name === raw.toLowerCase());
  return match ? accept(match) : reject(`must be one of ${LOG_LEVELS.join(', ')}`);
});
