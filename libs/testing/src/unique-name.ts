import { randomBytes } from 'node:crypto';

// Postgres truncates identifiers at 63 bytes; leave room for the random part.
const maxPrefixLength = 40;

/**
 * `<prefix>_<random>` in lowercase letters, digits and underscores: a valid
 * unquoted Postgres identifier and a valid Kafka topic name, unique per call, so
 * each test file gets its own schema and topics.
 */
export function uniqueName(prefix: string): string {
  let safe = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, maxPrefixLength);
  if (!/^[a-z]/.test(safe)) safe = `t_${safe}`.replace(/_+$/, '');
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(13, '0');
  return `${safe}_${random}`;
}
