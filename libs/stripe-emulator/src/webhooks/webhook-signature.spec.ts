import Stripe from 'stripe';
import { signatureHeader } from './webhook-signature';

const stripe = new Stripe('sk_test_signature_spec');
const secret = 'whsec_spec';
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payout.paid' }, null, 2);

describe('signatureHeader', () => {
  it('is accepted by the SDK verifier', () => {
    const event = stripe.webhooks.constructEvent(body, signatureHeader(body, secret), secret, 300);
    expect(event.id).toBe('evt_1');
  });

  it('matches the SDK own test header for the same timestamp', () => {
    expect(signatureHeader(body, secret, 1_700_000_000)).toBe(stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: 1_700_000_000 }));
  });

  it('does not verify with another secret or another body', () => {
    const header = signatureHeader(body, secret);
    expect(() => stripe.webhooks.constructEvent(body, header, 'whsec_other', 300)).toThrow();
    expect(() => stripe.webhooks.constructEvent(body.replace('payout.paid', 'payout.failed'), header, secret, 300)).toThrow();
  });
});
