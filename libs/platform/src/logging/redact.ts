import { isSecretKey, REDACTED, scrubSecrets } from '../secrets';

const MAX_DEPTH = 6;

/**
 * A copy of a log field safe to print: values under secret-looking keys replaced, known
 * secret values scrubbed from strings, errors turned into plain objects, cycles and deep
 * nesting cut.
 */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((entry) => redact(entry, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redact(entry, depth + 1, seen);
  }
  return copy;
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const plain: Record<string, unknown> = {
    name: error.name,
    message: scrubSecrets(error.message),
    stack: error.stack === undefined ? undefined : scrubSecrets(error.stack),
  };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) plain.code = redact(code, depth + 1, seen);
  if (error.cause !== undefined) plain.cause = redact(error.cause, depth + 1, seen);
  return plain;
}
