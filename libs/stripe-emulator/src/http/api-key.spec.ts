import { readApiKey } from './api-key';

describe('readApiKey', () => {
  it('reads a Bearer test key', () => {
    expect(readApiKey('Bearer sk_test_abc123')).toEqual({ ok: true, key: 'sk_test_abc123' });
    expect(readApiKey('Bearer rk_test_restricted')).toEqual({ ok: true, key: 'rk_test_restricted' });
  });

  it('reads Basic auth with the key as user name', () => {
    expect(readApiKey(`Basic ${Buffer.from('sk_test_basic:').toString('base64')}`)).toEqual({ ok: true, key: 'sk_test_basic' });
  });

  it('refuses a missing header, a publishable key and a live key without echoing it whole', () => {
    expect(readApiKey(undefined)).toMatchObject({ ok: false, message: expect.stringContaining('did not provide an API key') });
    expect(readApiKey('Bearer pk_test_123456789')).toMatchObject({ ok: false, message: expect.stringContaining('Invalid API Key') });
    const live = readApiKey('Bearer sk_live_abcdefghijklmnop');
    expect(live).toMatchObject({ ok: false, message: expect.stringContaining('test keys only') });
    expect(JSON.stringify(live)).not.toContain('abcdefghijklmnop');
  });
});
