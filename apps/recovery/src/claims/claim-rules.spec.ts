import { DEFAULT_GUARANTEE_POLICY } from '../programs/guarantee-policy';
import { checkClaimItems, claimedBySku, escalationReason, mayHaveForgottenKey, refundableAmount, refundIdempotencyKey, slaDueAt, slaState } from './claim-rules';

const order = [
  { sku: 'HOODIE', quantity: 2, unitAmountMinor: 4500 },
  { sku: 'CAP', quantity: 1, unitAmountMinor: 1500 },
];

describe('claim items', () => {
  it('prices the claimed items from the order', () => {
    expect(checkClaimItems(order, new Map(), [{ sku: 'HOODIE', quantity: 1 }, { sku: 'CAP', quantity: 1 }])).toEqual({
      ok: true,
      items: [
        { sku: 'HOODIE', quantity: 1, unitAmountMinor: 4500 },
        { sku: 'CAP', quantity: 1, unitAmountMinor: 1500 },
      ],
      amountMinor: 6000,
    });
  });

  it('refuses a sku the order does not have, naming the item', () => {
    expect(checkClaimItems(order, new Map(), [{ sku: 'CAP', quantity: 1 }, { sku: 'SOCKS', quantity: 1 }])).toMatchObject({ ok: false, problem: 'INVALID_ITEMS', field: 'items.1.sku' });
  });

  it('refuses more than was bought', () => {
    expect(checkClaimItems(order, new Map(), [{ sku: 'HOODIE', quantity: 3 }])).toMatchObject({ ok: false, problem: 'INVALID_ITEMS', field: 'items.0.quantity' });
  });

  it('counts a sku named twice in one claim together', () => {
    expect(checkClaimItems(order, new Map(), [{ sku: 'CAP', quantity: 1 }, { sku: 'CAP', quantity: 1 }])).toMatchObject({ ok: false, problem: 'INVALID_ITEMS' });
  });

  it('refuses items already claimed as a duplicate, but leaves the rest claimable', () => {
    const claimed = claimedBySku([{ items: [{ sku: 'HOODIE', quantity: 1 }] }, { items: [{ sku: 'CAP', quantity: 1 }] }]);
    expect(checkClaimItems(order, claimed, [{ sku: 'CAP', quantity: 1 }])).toMatchObject({ ok: false, problem: 'ALREADY_CLAIMED', field: 'items.0' });
    expect(checkClaimItems(order, claimed, [{ sku: 'HOODIE', quantity: 2 }])).toMatchObject({ ok: false, problem: 'ALREADY_CLAIMED' });
    expect(checkClaimItems(order, claimed, [{ sku: 'HOODIE', quantity: 1 }])).toMatchObject({ ok: true, amountMinor: 4500 });
  });

  it('refuses an empty claim', () => {
    expect(checkClaimItems(order, new Map(), [])).toMatchObject({ ok: false, problem: 'INVALID_ITEMS', field: 'items' });
  });
});

describe('refundable amount', () => {
  it('refunds the items, never more than the order has left', () => {
    expect(refundableAmount(4500, 10500, 0)).toBe(4500);
    expect(refundableAmount(4500, 10500, 9000)).toBe(1500);
    expect(refundableAmount(4500, 10500, 10500)).toBe(0);
  });
});

describe('escalation', () => {
  const policy = DEFAULT_GUARANTEE_POLICY;

  it('resolves a first claim at once', () => {
    expect(escalationReason(policy, { abuseReports: 0, recentClaims: 0 })).toBeNull();
  });

  it('sends a customer with repeated abuse reports to a supervisor', () => {
    expect(escalationReason(policy, { abuseReports: 2, recentClaims: 0 })).toMatch(/2 abuse report/);
    expect(escalationReason(policy, { abuseReports: 1, recentClaims: 0 })).toBeNull();
  });

  it('sends an unusual number of claims to a supervisor, counting the new one', () => {
    expect(escalationReason(policy, { abuseReports: 0, recentClaims: 1 })).toBeNull();
    expect(escalationReason(policy, { abuseReports: 0, recentClaims: 2 })).toMatch(/3 claims/);
  });
});

describe('SLA', () => {
  const opened = new Date('2026-03-01T08:00:00Z');
  const due = slaDueAt({ slaHours: 24 }, opened);

  it('is due the policy hours after the claim started waiting', () => {
    expect(due).toEqual(new Date('2026-03-02T08:00:00Z'));
  });

  it('is met when decided in time, breached when decided late or still waiting past it', () => {
    expect(slaState(due, new Date('2026-03-01T20:00:00Z'), new Date())).toEqual({ breached: false, met: true });
    expect(slaState(due, new Date('2026-03-02T09:00:00Z'), new Date())).toEqual({ breached: true, met: false });
    expect(slaState(due, null, new Date('2026-03-02T09:00:00Z'))).toEqual({ breached: true, met: null });
    expect(slaState(due, null, new Date('2026-03-01T09:00:00Z'))).toEqual({ breached: false, met: null });
  });
});

describe('refund idempotency', () => {
  it('derives the key from the claim id, and gives a later attempt its own', () => {
    expect(refundIdempotencyKey('c1', 1)).toBe('guarantee-claim-c1');
    expect(refundIdempotencyKey('c1', 2)).toBe('guarantee-claim-c1-attempt-2');
  });

  it('looks a refund up at Stripe before making it again once the key may be forgotten', () => {
    const since = new Date('2026-03-01T00:00:00Z');
    expect(mayHaveForgottenKey(since, new Date('2026-03-01T12:00:00Z'))).toBe(false);
    expect(mayHaveForgottenKey(since, new Date('2026-03-02T00:00:00Z'))).toBe(true);
  });
});
