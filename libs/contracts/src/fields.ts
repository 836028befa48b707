import { createHash } from 'node:crypto';
import { z } from 'zod';

// The field shapes every money and identity event shares, so producers and consumers agree on them.
export const uuid = z.string().uuid();
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether an id from outside (an argument, a cursor, a CLI flag) is a UUID: asked before it reaches a uuid column, where Postgres would refuse it with an error instead of "not found". */
export const isUuid = (value: string): boolean => UUID_TEXT.test(value);
/** Integer minor units (cents): never a float, never negative in an event. */
export const minorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');
/**
 * ISO 8601 with a zone, as z.string().datetime({ offset: true }) takes it. zod 3 builds
 * that check's regular expression anew on every parse, a cost every click and order
 * paid; this one is built once.
 */
const ISO_TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)$/;
export const timestamp = z.string().regex(ISO_TIMESTAMP, 'Invalid datetime');
/** sha256 hex of the trimmed, lower-cased email: a customer identity that carries no address. */
export const emailHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');
export const orderId = z.string().min(1).max(200);

/** How every service turns an email into the customer identity events carry. */
export function hashEmail(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}
