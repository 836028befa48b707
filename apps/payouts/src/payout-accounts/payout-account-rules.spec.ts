import { payoutAccountState } from './payout-account-rules';

describe('payout account state', () => {
  it('is payable once Stripe enables payouts', () => {
    expect(payoutAccountState({ payouts_enabled: true, details_submitted: true })).toBe('PAYOUTS_ENABLED');
  });
  it('needs details while Stripe waits for them', () => {
    expect(payoutAccountState({ payouts_enabled: false, details_submitted: false, requirements: { currently_due: ['external_account'], disabled_reason: 'requirements.past_due' } })).toBe('DETAILS_NEEDED');
  });
  it('is restricted when Stripe disabled it for another reason', () => {
    expect(payoutAccountState({ payouts_enabled: false, details_submitted: true, requirements: { disabled_reason: 'rejected.fraud' } })).toBe('RESTRICTED');
    expect(payoutAccountState({ payouts_enabled: false, details_submitted: true, requirements: { disabled_reason: 'requirements.past_due', past_due: ['individual.verification.document'] } })).toBe('RESTRICTED');
  });
});
