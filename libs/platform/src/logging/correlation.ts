import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What ties one piece of work to the request or event that caused it: the correlation id
 * is shared by everything one user action sets off, across services (HTTP header
 * `x-correlation-id`, Kafka header, event envelope); the causation id names the event
 * being handled.
 */
export interface CorrelationContext {
  readonly correlationId: string;
  readonly causationId?: string;
}

export const CORRELATION_HEADER = 'x-correlation-id';

const storage = new AsyncLocalStorage<CorrelationContext>();

/** Runs fn, and everything it starts asynchronously, inside the given correlation context. */
export function runWithCorrelation<T>(ctx: CorrelationContext, fn: () => T): T {
  return storage.run({ ...ctx }, fn);
}

/** The correlation context of the work in progress, or undefined outside any. */
export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}

export function newCorrelationId(): string {
  return randomUUID();
}

// Ids travel in headers and log lines: a bounded, plain alphabet keeps them from
// carrying injection or megabytes.
const VALID_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && VALID_CORRELATION_ID.test(value);
}
