import { checkShopSignature, signShopPayload } from './shop-signature';

const secret = 'a-shop-secret-of-enough-length';
const body = Buffer.from('{"orderId":"o1"}');
const now = 1_767_000_000_000;
const ts = Math.floor(now / 1000);
const check = (over: Partial<Parameters<typeof checkShopSignature>[0]> = {}) =>
  checkShopSignature({ secret, rawBody: body, signature: signShopPayload(secret, ts, body), timestamp: String(ts), nowMs: now, toleranceSeconds: 300, ...over });

describe('shop signature', () => {
  it('accepts the HMAC of timestamp and raw body', () => {
    expect(check()).toEqual({ ok: true });
  });

  it('refuses a body changed after signing', () => {
    expect(check({ rawBody: Buffer.from('{"orderId":"o2"}') })).toMatchObject({ ok: false, problem: expect.stringContaining('does not match') });
  });

  it('refuses a missing signature or timestamp, naming the header', () => {
    expect(check({ signature: undefined })).toMatchObject({ ok: false, field: 'x-shop-signature' });
    expect(check({ timestamp: undefined })).toMatchObject({ ok: false, field: 'x-shop-timestamp' });
  });

  it('refuses a stale timestamp even when the signature matches it', () => {
    const old = ts - 301;
    expect(check({ timestamp: String(old), signature: signShopPayload(secret, old, body) })).toMatchObject({ ok: false, problem: expect.stringContaining('outside the 300 s window') });
  });

  it('refuses another secret\'s signature and malformed ones', () => {
    expect(check({ signature: signShopPayload('another-secret-entirely-here', ts, body) })).toMatchObject({ ok: false });
    expect(check({ signature: 'md5=abc' })).toMatchObject({ ok: false, problem: expect.stringContaining('sha256=') });
  });
});
