import { setTimeout as sleep } from 'node:timers/promises';

export interface StripeRetryPolicy {
  /** Total tries, the first included (default 5). */
  attempts?: number;
  /** Delay before the first retry, doubled each time (default 100 ms). */
  baseDelayMs?: number;
  /** Ceiling of one computed delay (default 5 s). A Retry-After header may ask for more, up to 60 s. */
  maxDelayMs?: number;
  /** Told before each wait; for logs and metrics. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_BASE_DELAY_MS = 100;
const DEFAULT_MAX_DELAY_MS = 5_000;
const MAX_RETRY_AFTER_MS = 60_000;

// Node's own socket errors, for a failure that never became a StripeConnectionError.
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED', 'UND_ERR_SOCKET']);

interface ErrorLike {
  type?: unknown;
  rawType?: unknown;
  statusCode?: unknown;
  code?: unknown;
  headers?: unknown;
}

function asErrorLike(error: unknown): ErrorLike | undefined {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : undefined;
}

function headerOf(error: ErrorLike, name: string): string | undefined {
  const headers = error.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** 429, 5xx, connection/timeout errors, lock_timeout: worth retrying with the same idempotency key. */
export function isRetryableStripeError(error: unknown): boolean {
  const e = asErrorLike(error);
  if (!e) return false;
  // Stripe says so explicitly on some answers (a lock timeout says true, a 500 after a
  // completed charge can say false); it knows better than a status code.
  const shouldRetry = headerOf(e, 'stripe-should-retry');
  if (shouldRetry === 'true') return true;
  if (shouldRetry === 'false') return false;
  if (e.type === 'StripeConnectionError' || e.type === 'StripeRateLimitError') return true;
  if (e.code === 'lock_timeout' || e.code === 'rate_limit' || e.code === 'idempotency_key_in_use') return true;
  if (typeof e.statusCode === 'number') return e.statusCode === 429 || e.statusCode >= 500;
  return typeof e.code === 'string' && NETWORK_ERROR_CODES.has(e.code);
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), if any. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const e = asErrorLike(error);
  const raw = e && headerOf(e, 'retry-after');
  if (raw === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(raw) * 1000));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now));
}

function isRateLimited(error: unknown): boolean {
  const e = asErrorLike(error);
  if (!e) return false;
  return e.statusCode === 429 || headerOf(e, 'stripe-rate-limited-reason') !== undefined;
}

/**
 * The wait before retry number `retry` (1 = first retry): exponential, with "equal
 * jitter" (half fixed, half random) so many callers hit by the same 429 spread out. A
 * rate-limited answer waits the whole exponential step, a Retry-After at least what it asks.
 */
export function retryDelayMs(error: unknown, retry: number, policy: StripeRetryPolicy = {}, random: () => number = Math.random): number {
  const base = policy.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const max = policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const step = Math.min(max, base * 2 ** (retry - 1));
  const jittered = isRateLimited(error) ? step : step / 2 + random() * (step / 2);
  const asked = retryAfterMs(error);
  return Math.round(asked === undefined ? jittered : Math.max(jittered, asked));
}

/**
 * Retries `call` on retryable errors with jittered exponential backoff (honours
 * Retry-After / Stripe-Rate-Limited headers if present); rethrows the rest. `call` must
 * carry the same idempotency key on every try, so a retry never moves money twice.
 */
export async function withStripeRetry<T>(call: () => Promise<T>, policy: StripeRetryPolicy = {}): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? DEFAULT_ATTEMPTS);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isRetryableStripeError(error)) throw error;
      const delay = retryDelayMs(error, attempt, policy);
      policy.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
