import Stripe from 'stripe';
import { StripeSignatureError, verifyStripeWebhook } from './stripe-webhooks';
import type { StripeSettings } from './stripe-settings';

const settings: StripeSettings = { secretKey: 'sk_test_x', webhookSecret: 'whsec_test_secret', webhookToleranceSeconds: 300 };
const stripe = new Stripe(settings.secretKey);
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'transfer.created', data: { object: { id: 'tr_1' } } });

function header(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  return stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? settings.webhookSecret,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
}

describe('verifyStripeWebhook', () => {
  it('returns the event when the signature matches', () => {
    const event = verifyStripeWebhook(stripe, Buffer.from(body), header(body), settings);
    expect(event.id).toBe('evt_1');
    expect(event.type).toBe('transfer.created');
  });

  it('refuses a tampered body', () => {
    const tampered = body.replace('tr_1', 'tr_2');
    expect(() => verifyStripeWebhook(stripe, tampered, header(body), settings)).toThrow(StripeSignatureError);
  });

  it('refuses a signature made with another secret', () => {
    expect(() => verifyStripeWebhook(stripe, body, header(body, { secret: 'whsec_other' }), settings)).toThrow(StripeSignatureError);
  });

  it('refuses a signature older than the tolerance', () => {
    const old = Math.floor(Date.now() / 1000) - 301;
    expect(() => verifyStripeWebhook(stripe, body, header(body, { timestamp: old }), settings)).toThrow(/tolerance/);
  });

  it('refuses a missing header', () => {
    expect(() => verifyStripeWebhook(stripe, body, undefined, settings)).toThrow(/missing/);
  });

  it('refuses to run without a tolerance', () => {
    expect(() => verifyStripeWebhook(stripe, body, header(body), { ...settings, webhookToleranceSeconds: 0 })).toThrow(StripeSignatureError);
  });
});
