import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Stripe-looking id: `tr_` + 24 random base-62 characters. */
export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = `${prefix}_`;
  for (let i = 0; i < length; i += 1) id += ALPHABET[bytes[i] % ALPHABET.length];
  return id;
}
