import { randomBytes } from 'node:crypto';

const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'latin1');

/**
 * A Stripe-looking id: `tr_` + 24 random base-62 characters. Built as one flat string
 * (a million balance transactions keep a million ids; `+=` would keep rope pieces).
 */
export function stripeId(prefix: string, length = 24): string {
  const out = Buffer.allocUnsafe(prefix.length + 1 + length);
  out.write(`${prefix}_`, 0, 'latin1');
  for (let i = 0; i < length; i += 1) out[prefix.length + 1 + i] = ALPHABET[randomByte() % ALPHABET.length];
  return out.toString('latin1');
}

// Random bytes drawn in blocks: one system call per 16 KiB instead of one per id.
let pool = Buffer.alloc(0);
let offset = 0;
function randomByte(): number {
  if (offset >= pool.length) {
    pool = randomBytes(16 * 1024);
    offset = 0;
  }
  return pool[offset++];
}
