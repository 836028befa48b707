// The configured SDK on real HTTP: it reaches the URL it is given (never api.stripe.com),
// does not retry on its own, and withStripeRetry resends the same idempotency key.
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, RunningStripeMock, startStripeMock } from '@streetteam/local-infra';
import { createStripeClient, stripeSettingsFromEnv, withStripeRetry } from '../src';

/** A real HTTP server that answers with the next scripted status and records what came in. */
async function scriptedStripe(statuses: number[]): Promise<{ url: string; seen: IncomingMessage[]; close(): Promise<void> }> {
  const seen: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(request);
    request.resume();
    const status = statuses.shift() ?? 200;
    const body =
      status === 200
        ? { id: 'tr_scripted', object: 'transfer', amount: 100, currency: 'usd' }
        : { error: { type: status === 429 ? 'invalid_request_error' : 'api_error', code: status === 429 ? 'rate_limit' : undefined, message: `scripted ${status}` } };
    response.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${seen.length}` });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('createStripeClient', () => {
  let stripeMock: RunningStripeMock;

  beforeAll(async () => {
    stripeMock = await startStripeMock({ port: await freePort() });
  }, 120_000);

  afterAll(async () => {
    await stripeMock?.stop();
  });

  it('sends requests to STRIPE_API_URL with the configured key (stripe-mock wants sk_test_ + letters and digits)', async () => {
    const stripe = createStripeClient(stripeSettingsFromEnv({ STRIPE_API_URL: stripeMock.url, STRIPE_SECRET_KEY: 'sk_test_clienttest' }));
    const balance = await stripe.balance.retrieve();
    expect(balance.object).toBe('balance');
  });

  it('does not retry by itself, and withStripeRetry resends the same idempotency key until it gets through', async () => {
    const scripted = await scriptedStripe([503, 429, 200]);
    try {
      const stripe = createStripeClient(stripeSettingsFromEnv({ STRIPE_API_URL: scripted.url }));
      const create = () => stripe.transfers.create({ amount: 100, currency: 'usd', destination: 'acct_1' }, { idempotencyKey: 'payout-p1' });

      await expect(create()).rejects.toMatchObject({ statusCode: 503 });
      expect(scripted.seen).toHaveLength(1);

      const transfer = await withStripeRetry(create, { baseDelayMs: 5 });
      expect(transfer.id).toBe('tr_scripted');
      expect(scripted.seen).toHaveLength(3);
      expect(scripted.seen.map((request) => request.headers['idempotency-key'])).toEqual(['payout-p1', 'payout-p1', 'payout-p1']);
    } finally {
      await scripted.close();
    }
  });

  it('stops retrying at a client error', async () => {
    const scripted = await scriptedStripe([400]);
    try {
      const stripe = createStripeClient(stripeSettingsFromEnv({ STRIPE_API_URL: scripted.url }));
      await expect(withStripeRetry(() => stripe.balance.retrieve(), { baseDelayMs: 5 })).rejects.toMatchObject({ statusCode: 400 });
      expect(scripted.seen).toHaveLength(1);
    } finally {
      await scripted.close();
    }
  });
});
