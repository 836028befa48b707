import { randomInt } from 'node:crypto';

// No 0/O or 1/I/L: codes are read aloud and typed from flyers.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A human-friendly code: up to 6 letters of the name, a dash and 4 random characters (e.g. ANASIL-7KQ2). */
export function generateReferralCode(name: string, random: (max: number) => number = randomInt): string {
  const stem = name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase()
    .slice(0, 6);
  let suffix = '';
  for (let i = 0; i < 4; i++) suffix += ALPHABET[random(ALPHABET.length)];
  return `${stem || 'AMB'}-${suffix}`;
}
