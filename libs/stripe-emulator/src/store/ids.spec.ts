import { stripeId } from './ids';

describe('stripeId', () => {
  it('is the prefix, an underscore and base-62 characters', () => {
    expect(stripeId('tr')).toMatch(/^tr_[A-Za-z0-9]{24}$/);
    expect(stripeId('acct', 16)).toMatch(/^acct_[A-Za-z0-9]{16}$/);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => stripeId('txn')));
    expect(ids.size).toBe(10_000);
  });
});
