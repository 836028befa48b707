import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How the shop signs what it POSTs: `X-Shop-Timestamp: <unix seconds>` and
 * `X-Shop-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`.
 * The timestamp inside the signature bounds replays to the tolerance window.
 */
export const SIGNATURE_HEADER = 'x-shop-signature';
export const TIMESTAMP_HEADER = 'x-shop-timestamp';

export function signShopPayload(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; field: string; problem: string };

export function checkShopSignature(input: {
  secret: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs: number;
  toleranceSeconds: number;
}): SignatureCheck {
  if (!input.timestamp) return { ok: false, field: TIMESTAMP_HEADER, problem: `${TIMESTAMP_HEADER} header is missing` };
  if (!input.signature) return { ok: false, field: SIGNATURE_HEADER, problem: `${SIGNATURE_HEADER} header is missing` };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, field: TIMESTAMP_HEADER, problem: `${TIMESTAMP_HEADER} must be unix seconds` };
  const ageSeconds = Math.abs(input.nowMs / 1000 - Number(input.timestamp));
  if (ageSeconds > input.toleranceSeconds) return { ok: false, field: TIMESTAMP_HEADER, problem: `${TIMESTAMP_HEADER} is ${Math.round(ageSeconds)} s away from now, outside the ${input.toleranceSeconds} s window` };
  if (!/^sha256=[0-9a-f]{64}$/.test(input.signature)) return { ok: false, field: SIGNATURE_HEADER, problem: `${SIGNATURE_HEADER} must be sha256=<64 hex digits>` };
  const expected = Buffer.from(signShopPayload(input.secret, Number(input.timestamp), input.rawBody));
  const given = Buffer.from(input.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, field: SIGNATURE_HEADER, problem: `${SIGNATURE_HEADER} does not match the body` };
  return { ok: true };
}
