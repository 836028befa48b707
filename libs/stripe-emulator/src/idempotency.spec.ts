import { fingerprintOf, IdempotencyKeys } from './idempotency';

const answer = { status: 200, body: '{"id":"tr_1"}', requestId: 'req_1' };

describe('IdempotencyKeys', () => {
  it('replays the kept answer for the same endpoint and parameters', () => {
    const keys = new IdempotencyKeys(1000);
    keys.keep('sk', 'k1', 'POST /v1/transfers', 'f', answer);
    expect(keys.lookup('sk', 'k1', 'POST /v1/transfers', 'f')).toEqual({ outcome: 'replay', answer });
  });

  it('refuses other parameters or another endpoint under the same key', () => {
    const keys = new IdempotencyKeys(1000);
    keys.keep('sk', 'k1', 'POST /v1/transfers', 'f', answer);
    expect(keys.lookup('sk', 'k1', 'POST /v1/transfers', 'g')).toMatchObject({ outcome: 'conflict', message: expect.stringContaining('same parameters') });
    expect(keys.lookup('sk', 'k1', 'POST /v1/refunds', 'f')).toMatchObject({ outcome: 'conflict', message: expect.stringContaining('same endpoint') });
  });

  it('scopes keys by API key', () => {
    const keys = new IdempotencyKeys(1000);
    keys.keep('sk_a', 'k1', 'POST /v1/transfers', 'f', answer);
    expect(keys.lookup('sk_b', 'k1', 'POST /v1/transfers', 'g')).toEqual({ outcome: 'new' });
  });

  it('forgets a key once its time to live has passed', () => {
    let now = 0;
    const keys = new IdempotencyKeys(1000, () => now);
    keys.keep('sk', 'k1', 'POST /v1/transfers', 'f', answer);
    keys.keep('sk', 'k2', 'POST /v1/transfers', 'f', answer);
    now = 999;
    expect(keys.lookup('sk', 'k1', 'POST /v1/transfers', 'f').outcome).toBe('replay');
    now = 1000;
    expect(keys.lookup('sk', 'k1', 'POST /v1/transfers', 'f').outcome).toBe('new');
    expect(keys.size).toBe(0);
  });

  it('forgets everything on demand', () => {
    const keys = new IdempotencyKeys(1000);
    keys.keep('sk', 'k1', 'POST /v1/transfers', 'f', answer);
    keys.forgetAll();
    expect(keys.lookup('sk', 'k1', 'POST /v1/transfers', 'f').outcome).toBe('new');
  });
});

describe('fingerprintOf', () => {
  it('ignores key order and tells values apart', () => {
    expect(fingerprintOf({ a: '1', b: { c: '2', d: '3' } })).toBe(fingerprintOf({ b: { d: '3', c: '2' }, a: '1' }));
    expect(fingerprintOf({ amount: '100' })).not.toBe(fingerprintOf({ amount: '101' }));
  });
});
