import { decidePayout, mayApprove, PayoutCandidate } from './payout-run-rules';

const terms = { currency: 'USD', minimumMinor: 1000n, year: 2026 };
const candidate = (overrides: Partial<PayoutCandidate> = {}): PayoutCandidate => ({
  ambassadorId: 'a1',
  ambassadorStatus: 'ACTIVE',
  payableMinor: 5000n,
  heldMinor: 0n,
  receivableMinor: 0n,
  payoutsEnabled: true,
  tax: { country: 'DE', formOnFile: null },
  paidThisYearMinor: 0n,
  ...overrides,
});

describe('payout run rules', () => {
  it('pays what is available, net of a clawback owed', () => {
    expect(decidePayout(candidate({ receivableMinor: 1500n }), terms)).toEqual({
      pay: true,
      amounts: { availableMinor: 5000n, nettedMinor: 1500n, transferMinor: 3500n },
    });
  });

  it('skips and says why', () => {
    const reason = (c: Partial<PayoutCandidate>) => {
      const decision = decidePayout(candidate(c), terms);
      return decision.pay ? 'PAY' : decision.reason;
    };
    expect(reason({ payableMinor: 999n })).toBe('BELOW_MINIMUM');
    expect(reason({ payableMinor: 5000n, receivableMinor: 4500n })).toBe('BELOW_MINIMUM');
    expect(reason({ payoutsEnabled: false })).toBe('ACCOUNT_NOT_READY');
    expect(reason({ payableMinor: 0n, heldMinor: 3000n })).toBe('FRAUD_HOLD');
    expect(reason({ payableMinor: 2000n, receivableMinor: 2500n })).toBe('NEGATIVE_BALANCE');
    expect(reason({ payableMinor: 0n, receivableMinor: 10n })).toBe('NEGATIVE_BALANCE');
    expect(reason({ payableMinor: 0n })).toBe('NOTHING_AVAILABLE');
    expect(reason({ ambassadorStatus: 'PAUSED' })).toBe('AMBASSADOR_NOT_ACTIVE');
    expect(reason({ ambassadorStatus: null })).toBe('AMBASSADOR_NOT_ACTIVE');
    expect(reason({ ambassadorStatus: 'OFFBOARDED' })).toBe('PAY');
  });

  it('holds back a US ambassador past the 1099 threshold without a W-9, and says why', () => {
    const us = { country: 'US', formOnFile: null };
    expect(decidePayout(candidate({ tax: us, paidThisYearMinor: 150_000n }), terms).pay).toBe(true);
    const held = decidePayout(candidate({ tax: us, paidThisYearMinor: 196_000n }), terms);
    expect(held).toMatchObject({ pay: false, reason: 'TAX_FORM_REQUIRED' });
    expect(!held.pay && held.detail).toMatch(/201000 USD cents.*threshold of 200000.*no W-9/);
    expect(decidePayout(candidate({ tax: { country: 'US', formOnFile: 'W9' }, paidThisYearMinor: 196_000n }), terms).pay).toBe(true);
    expect(decidePayout(candidate({ tax: us, paidThisYearMinor: 196_000n }), { ...terms, currency: 'EUR' }).pay).toBe(true);
  });

  it('lets only another finance user approve a run', () => {
    expect(mayApprove('fin-1', 'fin-1')).toBe(false);
    expect(mayApprove('fin-1', 'fin-2')).toBe(true);
  });
});
