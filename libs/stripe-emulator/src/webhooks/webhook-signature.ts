import { createHmac } from 'node:crypto';

/**
 * Stripe's webhook signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed
 * by the endpoint secret>`, what `stripe.webhooks.constructEvent` checks.
 */
export function signatureHeader(body: string, secret: string, timestampSeconds: number = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}
