import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const KEY_FILE = 'dev-signing-key';

/**
 * Where `npm start` keeps its data, logs and dev key: `.local/dev` (git-ignored), or
 * STREETTEAM_DEV_DIR, which lets a test run a launcher without touching a developer's.
 */
export function devDataDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(root, env.STREETTEAM_DEV_DIR || path.join('.local', 'dev'));
}

/**
 * The HS256 key every service and `npm run token` share on this machine: 48 random
 * bytes made on first use, readable only by the owner. It lives outside the repo and
 * survives `--fresh`, so tokens minted earlier keep working.
 */
export function devSigningKey(devDir: string): string {
  const existing = readDevSigningKey(devDir);
  if (existing) return existing;
  mkdirSync(devDir, { recursive: true });
  const key = randomBytes(48).toString('base64url');
  // 'wx': if two launchers race, the second fails here instead of overwriting the first's key.
  writeFileSync(path.join(devDir, KEY_FILE), `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** The key `npm start` made, if it made one. */
export function readDevSigningKey(devDir: string): string | undefined {
  const file = path.join(devDir, KEY_FILE);
  let key: string;
  try {
    key = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  // Copied or restored files lose their mode; a key others can read is no secret.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return key || undefined;
}
