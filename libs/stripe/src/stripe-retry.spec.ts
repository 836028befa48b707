import Stripe from 'stripe';
import { isRetryableStripeError, retryAfterMs, retryDelayMs, withStripeRetry } from './stripe-retry';

function apiError(statusCode: number, extra: { code?: string; type?: string; headers?: Record<string, string> } = {}): Error {
  return Stripe.errors.StripeError.generate({
    statusCode,
    type: extra.type ?? (statusCode >= 500 ? 'api_error' : 'invalid_request_error'),
    code: extra.code,
    message: `status ${statusCode}`,
    headers: extra.headers ?? {},
  } as never);
}

describe('isRetryableStripeError', () => {
  it.each([429, 500, 502, 503, 504])('retries status %i', (status) => {
    expect(isRetryableStripeError(apiError(status))).toBe(true);
  });

  it('retries connection errors and timeouts', () => {
    expect(isRetryableStripeError(new Stripe.errors.StripeConnectionError({ message: 'Request aborted due to timeout' }))).toBe(true);
    expect(isRetryableStripeError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
  });

  it('retries lock_timeout and a rate_limit sent as 400', () => {
    expect(isRetryableStripeError(apiError(409, { code: 'lock_timeout' }))).toBe(true);
    expect(isRetryableStripeError(apiError(400, { code: 'rate_limit' }))).toBe(true);
  });

  it.each([400, 401, 402, 403, 404])('does not retry status %i', (status) => {
    expect(isRetryableStripeError(apiError(status, { code: 'parameter_invalid_integer' }))).toBe(false);
  });

  it('does not retry an idempotency_error or a plain bug', () => {
    expect(isRetryableStripeError(apiError(400, { type: 'idempotency_error' }))).toBe(false);
    expect(isRetryableStripeError(new TypeError('x is undefined'))).toBe(false);
    expect(isRetryableStripeError(undefined)).toBe(false);
  });

  it('follows Stripe-Should-Retry over the status', () => {
    expect(isRetryableStripeError(apiError(500, { headers: { 'stripe-should-retry': 'false' } }))).toBe(false);
    expect(isRetryableStripeError(apiError(400, { headers: { 'stripe-should-retry': 'true' } }))).toBe(true);
  });
});

describe('retryDelayMs', () => {
  it('doubles per retry and stays under the ceiling', () => {
    const fixed = () => 1;
    expect(retryDelayMs(apiError(500), 1, { baseDelayMs: 100 }, fixed)).toBe(100);
    expect(retryDelayMs(apiError(500), 3, { baseDelayMs: 100 }, fixed)).toBe(400);
    expect(retryDelayMs(apiError(500), 20, { baseDelayMs: 100, maxDelayMs: 1000 }, fixed)).toBe(1000);
  });

  it('jitters within the upper half of the step', () => {
    expect(retryDelayMs(apiError(500), 2, { baseDelayMs: 100 }, () => 0)).toBe(100);
    expect(retryDelayMs(apiError(500), 2, { baseDelayMs: 100 }, () => 0.5)).toBe(150);
  });

  it('waits the whole step when rate limited, and at least what Retry-After asks', () => {
    expect(retryDelayMs(apiError(429), 2, { baseDelayMs: 100 }, () => 0)).toBe(200);
    expect(retryDelayMs(apiError(503, { headers: { 'retry-after': '2' } }), 1, { baseDelayMs: 10 }, () => 0)).toBe(2000);
  });

  it('reads Retry-After as seconds or as a date, capped at a minute', () => {
    expect(retryAfterMs(apiError(429, { headers: { 'retry-after': '0.5' } }))).toBe(500);
    expect(retryAfterMs(apiError(429, { headers: { 'retry-after': '3600' } }))).toBe(60_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(apiError(429, { headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' } }), now)).toBe(3000);
    expect(retryAfterMs(apiError(429))).toBeUndefined();
  });
});

describe('withStripeRetry', () => {
  it('retries retryable failures and returns the first success', async () => {
    let calls = 0;
    const result = await withStripeRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw apiError(503);
        return 'done';
      },
      { baseDelayMs: 1 },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('rethrows a non-retryable error at once', async () => {
    let calls = 0;
    const failing = withStripeRetry(async () => {
      calls += 1;
      throw apiError(400, { code: 'amount_too_large' });
    });
    await expect(failing).rejects.toMatchObject({ code: 'amount_too_large' });
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    const failing = withStripeRetry(
      async () => {
        calls += 1;
        throw apiError(500);
      },
      { attempts: 3, baseDelayMs: 1 },
    );
    await expect(failing).rejects.toMatchObject({ statusCode: 500 });
    expect(calls).toBe(3);
  });
});
