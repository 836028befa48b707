/** The emulator takes any test key; a live key is refused, it must never be sent here. */
const TEST_KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;

export type ApiKeyReading = { ok: true; key: string } | { ok: false; message: string };

function masked(key: string): string {
  return key.length <= 12 ? `${key.slice(0, 3)}****` : `${key.slice(0, 8)}****${key.slice(-4)}`;
}

/** Reads `Authorization: Bearer sk_…` (or Basic with the key as user name), as Stripe does. */
export function readApiKey(authorization: string | undefined): ApiKeyReading {
  if (!authorization || authorization.trim() === '') {
    return {
      ok: false,
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    };
  }
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  let key = value;
  if (scheme.toLowerCase() === 'basic') key = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  else if (scheme.toLowerCase() !== 'bearer') return { ok: false, message: 'Invalid authorization header: use Bearer auth with your secret key.' };
  if (/^(sk|rk)_live_/.test(key)) return { ok: false, message: `Invalid API Key provided: ${masked(key)} (the Stripe emulator accepts test keys only)` };
  if (!TEST_KEY.test(key)) return { ok: false, message: `Invalid API Key provided: ${masked(key)}` };
  return { ok: true, key };
}
