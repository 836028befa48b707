/** Stripe's error types, as in `{ error: { type } }`. */
export type StripeErrorType = 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error';

export interface StripeErrorBody {
  error: { type: StripeErrorType; code?: string; message: string; param?: string; doc_url?: string; decline_code?: string };
}

/**
 * An error answered in Stripe's shape. `stored` says whether the idempotency layer keeps
 * it: Stripe keeps the result of a request that started executing (a refused refund,
 * an ineligible destination), not of one refused at validation, which may be retried.
 */
export class StripeApiError extends Error {
  readonly headers: Record<string, string> = {};

  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly options: { code?: string; param?: string; stored?: boolean; declineCode?: string } = {},
  ) {
    super(message);
    this.name = 'StripeApiError';
  }

  get stored(): boolean {
    return this.options.stored ?? false;
  }

  body(): StripeErrorBody {
    const { code, param, declineCode } = this.options;
    return {
      error: {
        type: this.type,
        ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } : {}),
        ...(declineCode ? { decline_code: declineCode } : {}),
        message: this.message,
        ...(param ? { param } : {}),
      },
    };
  }
}

export function invalidRequest(message: string, options: { code?: string; param?: string; stored?: boolean } = {}): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, options);
}

export function missingParameter(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

/**
 * Stripe's wording, `No such transfer: 'tr_123'`: 404 for the object in the path, 400 for
 * one a body parameter names (a refund's `charge`, a link's `account`).
 */
export function noSuch(what: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(param === 'id' ? 404 : 400, 'invalid_request_error', `No such ${what}: '${id}'`, { code: 'resource_missing', param });
}

/** A state rule refused the request once it ran: stored under its idempotency key, as Stripe does. */
export function refused(message: string, options: { code: string; param?: string }): StripeApiError {
  return invalidRequest(message, { ...options, stored: true });
}

export function rateLimited(): StripeApiError {
  const error = new StripeApiError(
    429,
    'invalid_request_error',
    'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
    { code: 'rate_limit' },
  );
  error.headers['Stripe-Rate-Limited-Reason'] = 'global-rate';
  return error;
}

export function serverError(status: number): StripeApiError {
  const message =
    status === 500
      ? 'An unknown error occurred'
      : status === 502
        ? 'Bad gateway (injected by the Stripe emulator)'
        : 'The service is temporarily unavailable (injected by the Stripe emulator)';
  return new StripeApiError(status, 'api_error', message);
}
