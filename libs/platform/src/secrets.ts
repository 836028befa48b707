// Values of configuration fields marked secret, remembered when the config is loaded so
// that the logger and start-up errors can scrub them wherever they appear, whatever the
// key or message that carries them.
const knownSecretValues = new Set<string>();

// Shorter values would scrub ordinary words out of log lines.
const MIN_SCRUBBED_LENGTH = 6;

export const REDACTED = '[REDACTED]';

export function rememberSecretValue(value: string): void {
  if (value.length >= MIN_SCRUBBED_LENGTH) knownSecretValues.add(value);
}

/** Replaces every known secret value, and any password in a URL, with [REDACTED]. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const value of knownSecretValues) {
    if (scrubbed.includes(value)) scrubbed = scrubbed.split(value).join(REDACTED);
  }
  // postgres://user:pass@host and the like: credentials in connection strings.
  return scrubbed.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`);
}

// Keys whose values are credentials: authorization headers, passwords, tokens, secrets,
// keys (API keys, signing keys), cookies. Deliberately broad: an over-redacted log line
// costs a little debugging, a leaked credential costs a rotation.
const SECRET_KEY_PATTERN = /authorization|password|passwd|token|secret|key|cookie|credential/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key);
}
