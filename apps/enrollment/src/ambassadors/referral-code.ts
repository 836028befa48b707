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

export const VANITY_CODE_MIN_LENGTH = 4;
export const VANITY_CODE_MAX_LENGTH = 16;

// Matched inside codes after undoing digit look-alikes (SH1T, F4G…), so words that hide in
// innocent ones (ass in CLASSIC, rape in GRAPE) are left out; a brand extends it here.
export const BLOCKED_WORDS = ['bitch', 'cunt', 'fag', 'fuck', 'nazi', 'nigg', 'porn', 'shit', 'slut', 'whore', 'kkk', 'hitler', 'scam'];

const LOOK_ALIKES: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };

export type VanityCodeProblem = { ok: true; code: string } | { ok: false; problem: string };

/** Checks a code an ambassador asks for: shape first, then the blocklist. Uniqueness is the database's (case-insensitive). */
export function checkVanityCode(raw: string): VanityCodeProblem {
  const code = raw.trim().toUpperCase();
  if (code.length < VANITY_CODE_MIN_LENGTH || code.length > VANITY_CODE_MAX_LENGTH) {
    return { ok: false, problem: `code must be ${VANITY_CODE_MIN_LENGTH} to ${VANITY_CODE_MAX_LENGTH} characters long` };
  }
  if (!/^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(code)) {
    return { ok: false, problem: 'code may hold only letters A-Z, digits and single dashes between them' };
  }
  const plain = [...code.toLowerCase()].map((c) => LOOK_ALIKES[c] ?? c).join('').replace(/-/g, '');
  if (BLOCKED_WORDS.some((word) => plain.includes(word))) return { ok: false, problem: 'code contains a word the program does not allow' };
  return { ok: true, code };
}
