import { createHash, randomBytes } from 'node:crypto';

/** A secret handed out once (claim access, survey link); only its hash is stored. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Tokens are 32 characters; anything far longer is not one and is not worth hashing. */
export function looksLikeToken(token: string): boolean {
  return token.length >= 20 && token.length <= 100;
}
