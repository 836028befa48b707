import { spawn } from 'node:child_process';
import path from 'node:path';
import { portAnswers, waitForPort } from './ports';
import { repoRoot } from './repo-root';
import { runScript } from './run-script';

export interface StripeMockOptions {
  /** HTTP port (HTTPS, unused here, on a port the system picks). */
  port: number;
  log?: (line: string) => void;
}

export interface RunningStripeMock {
  /** Base URL for the stripe SDK (`host`/`port`/`protocol` http). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts stripe-mock (Stripe's request validator) from .local/bin, installing it on
 * first use. With STRIPE_MOCK_URL set, or something already on `port`, it starts
 * nothing and `stop()` leaves it alone.
 */
export async function startStripeMock(options: StripeMockOptions): Promise<RunningStripeMock> {
  const external = process.env.STRIPE_MOCK_URL;
  if (external) return { url: external, stop: async () => undefined };

  const url = `http://127.0.0.1:${options.port}`;
  if (await portAnswers(options.port)) return { url, stop: async () => undefined };

  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = repoRoot();
  await runScript(path.join(root, 'infra', 'stripe-mock', 'install.sh'), [], log);
  // run.sh execs stripe-mock, so this child is stripe-mock itself.
  const child = spawn('bash', [path.join(root, 'infra', 'stripe-mock', 'run.sh'), String(options.port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8').trim();
    if (text.startsWith('Listening') || text.includes('rror')) log(`stripe-mock: ${text}`);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await Promise.race([
      waitForPort(options.port, 'stripe-mock', 30_000),
      exited.then(() => {
        throw new Error(`stripe-mock exited before listening on ${options.port}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
