import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStripeClient, Stripe, StripeSettings } from '@streetteam/stripe';
import type { StripeEmulator } from '../src';

export function settingsFor(emulator: StripeEmulator, secretKey = 'sk_test_emulator_tests'): StripeSettings {
  return { secretKey, apiUrl: emulator.url, webhookSecret: emulator.webhookSecret, webhookToleranceSeconds: 300 };
}

export function clientFor(emulator: StripeEmulator, secretKey?: string): Stripe {
  return createStripeClient(settingsFor(emulator, secretKey));
}

/** An express account that finished onboarding: it can take transfers. */
export async function onboardedAccount(stripe: Stripe, emulator: StripeEmulator): Promise<Stripe.Account> {
  const account = await stripe.accounts.create({ type: 'express', country: 'US', capabilities: { transfers: { requested: true } } });
  emulator.completeOnboarding(account.id);
  return stripe.accounts.retrieve(account.id);
}

export interface ReceivedWebhook {
  rawBody: Buffer;
  signature: string | undefined;
}

/** A real HTTP endpoint that records webhooks; `failFirst` answers 500 to that many first deliveries. */
export async function webhookReceiver(options: { failFirst?: number } = {}): Promise<{
  url: string;
  received: ReceivedWebhook[];
  attempts: () => number;
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  let attempts = 0;
  let failuresLeft = options.failFirst ?? 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      attempts += 1;
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        response.writeHead(500).end();
        return;
      }
      const signature = request.headers['stripe-signature'];
      received.push({ rawBody: Buffer.concat(chunks), signature: Array.isArray(signature) ? signature[0] : signature });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    attempts: () => attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
