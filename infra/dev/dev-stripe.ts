import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { freePort, portAnswers } from '@streetteam/local-infra';
import { startStripeEmulator } from '@streetteam/stripe-emulator';
import { STRIPE_WEBHOOK_PATH, type StripePlan } from './dev-config';
import type { DevServer } from './dev-infra';

export const stripeStateFile = (devDir: string): string => path.join(devDir, 'stripe-emulator.json');

export interface DevStripe extends DevServer {
  url: string;
}

/**
 * The Stripe emulator, in the launcher's own process: it is in-memory state that starts
 * in milliseconds, so a child process would add only a pid to track and an orphan to
 * fear; it ends with the launcher whatever happens. (`npm run stripe-emulator` runs the
 * same emulator on its own.) It signs webhooks with the secret the services verify and
 * POSTs them to payouts. Its state is saved at stop in `<devDir>/stripe-emulator.json` and
 * loaded at the next start, so the Stripe accounts payouts remembers still exist
 * (`--fresh` deletes it with the rest).
 */
export async function startDevStripe(
  plan: Extract<StripePlan, { mode: 'emulator' }>,
  payoutsPort: number | undefined,
  devDir: string,
  logDir: string,
): Promise<DevStripe> {
  let port = plan.port;
  let note = '';
  if (await portAnswers(port)) {
    // Only the default moves aside (a second checkout's npm start, a test run); a port
    // asked for by name must be free.
    if (plan.portVariableSet) throw new Error(`STRIPE_EMULATOR_PORT ${port} is in use (an earlier npm start still running?)`);
    port = await freePort();
    note = ` (${plan.port} was in use)`;
  }
  const log = createWriteStream(path.join(logDir, 'stripe-emulator.log'), { flags: 'w' });
  const webhookUrls = payoutsPort === undefined ? [] : [`http://127.0.0.1:${payoutsPort}${STRIPE_WEBHOOK_PATH}`];
  const emulator = await startStripeEmulator({
    port,
    webhookSecret: plan.webhookSecret,
    webhookUrls,
    stateFile: stripeStateFile(devDir),
    log: (line) => log.write(`${new Date().toISOString()} ${line}\n`),
  });
  return {
    name: 'stripe',
    url: emulator.url,
    description: `${emulator.url}${note}  emulator, webhooks to ${webhookUrls.join(', ') || 'nowhere (no payouts service)'}`,
    stop: async () => {
      await emulator.stop();
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}
