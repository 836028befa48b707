import { createHash } from 'node:crypto';
import { z } from 'zod';

// The field shapes every money and identity event shares, so producers and consumers agree on them.
export const uuid = z.string().uuid();
/** Integer minor units (cents): never a float, never negative in an event. */
export const minorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');
export const timestamp = z.string().datetime({ offset: true });
/** sha256 hex of the trimmed, lower-cased email: a customer identity that carries no address. */
export const emailHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');
export const orderId = z.string().min(1).max(200);

/** How every service turns an email into the customer identity events carry. */
export function hashEmail(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}
