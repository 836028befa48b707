import { RewardFacts, rewardStatus } from './reward-status';

const now = new Date('2026-03-01T00:00:00Z');
const commission = {
  amountMinor: 1000, reversedMinor: 0, points: 10, reversedPoints: 0, currency: 'USD', holdUntil: new Date('2026-03-15T00:00:00Z'),
  fraudHeld: false, capNote: null, releasedAt: null, paidAt: null, payoutId: null,
};
const facts = (over: Partial<RewardFacts['commission']> = {}, rest: Partial<RewardFacts> = {}): RewardFacts => ({ refusedReason: null, lead: false, commission: { ...commission, ...over }, reversals: [], absorbedClaims: 0, ...rest });

describe('reward status', () => {
  it('is pending with its hold date, then available, then paid with the payout', () => {
    expect(rewardStatus(facts(), now)).toEqual({ status: 'PENDING', note: expect.stringContaining('Pending until 2026-03-15') });
    expect(rewardStatus(facts({ releasedAt: new Date('2026-03-15') }), now).status).toBe('AVAILABLE');
    expect(rewardStatus(facts({ releasedAt: new Date('2026-03-15'), paidAt: new Date('2026-03-20'), payoutId: 'p1' }), now)).toEqual({ status: 'PAID', note: expect.stringContaining('payout p1') });
  });

  it('says a fraud hold and a refusal plainly', () => {
    expect(rewardStatus(facts({ fraudHeld: true }), now).status).toBe('ON_HOLD');
    expect(rewardStatus({ refusedReason: 'self-referral', lead: false, commission: null, reversals: [], absorbedClaims: 0 }, now)).toEqual({ status: 'REFUSED', note: 'Not credited: self-referral' });
  });

  it('is reversed with the reason when all was taken back, and shows partial reversals', () => {
    const refund = { cause: 'REFUND', amountMinor: 1000, reason: 'refund r1' };
    expect(rewardStatus(facts({ reversedMinor: 1000 }, { reversals: [refund] }), now)).toEqual({ status: 'REVERSED', note: 'Reversed: refund r1.' });
    expect(rewardStatus(facts({ reversedMinor: 300 }, { reversals: [{ ...refund, amountMinor: 300 }] }), now).note).toContain('300 of 1000 was taken back');
  });

  it('tells the ambassador a claim was absorbed by the brand', () => {
    expect(rewardStatus(facts({}, { absorbedClaims: 1 }), now).note).toContain('absorbed by the brand');
  });

  it('explains a commission the budget cap zeroed', () => {
    expect(rewardStatus(facts({ amountMinor: 0, points: 0, capNote: 'budget cap reached: nothing accrues' }), now)).toEqual({ status: 'NO_COMMISSION', note: 'Nothing accrued: budget cap reached: nothing accrues.' });
  });

  it('says a credited lead earned nothing because its campaign pays nothing per lead', () => {
    expect(rewardStatus(facts({}, { lead: true, commission: null }), now)).toEqual({ status: 'NO_COMMISSION', note: 'Credited to you; this campaign pays nothing per lead.' });
    expect(rewardStatus(facts({}, { commission: null }), now).note).toBe('Credited to you, but no commission was computed.');
  });
});
