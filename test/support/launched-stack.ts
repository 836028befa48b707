import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePorts, repoRoot } from '@streetteam/local-infra';
import { waitFor } from '@streetteam/testing';

export interface GraphQLBody<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface LaunchedStack {
  gatewayUrl: string;
  /** Each service's origin (http://127.0.0.1:port), for its HTTP routes (ingest, webhooks, redirect). */
  origins: { enrollment: string; campaigns: string; payouts: string; recovery: string; gateway: string };
  /** All the launcher printed so far. */
  output(): string;
  /** POSTs a GraphQL operation to the gateway, with a bearer token when given. */
  ask<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLBody<T>>;
  /** Ctrl-C, as a developer would; resolves with the launcher's exit code. */
  stop(): Promise<number | null>;
}

export interface LaunchOptions {
  databaseUrl: string;
  kafkaBrokers: string[];
  signingKey: string;
  /** Extra environment for the launcher and so for every service (Stripe, shop secret…). */
  env?: Record<string, string>;
  demo?: boolean;
  readyTimeoutMs?: number;
}

/**
 * The whole platform as `npm start` runs it (infra/dev/start.ts: four services, the
 * gateway, the supergraph composed from what they serve), on servers the caller runs
 * and on free ports, in a dev folder of its own.
 */
export async function launchStack(options: LaunchOptions): Promise<LaunchedStack> {
  const root = repoRoot();
  const devDir = mkdtempSync(path.join(tmpdir(), 'streetteam-stack-'));
  const [enrollment, campaigns, payouts, recovery, gateway] = await freePorts(5);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    KAFKA_BROKERS: options.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `stack${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.`,
    AUTH_DEV_SIGNING_KEY: options.signingKey,
    ENROLLMENT_PORT: String(enrollment),
    CAMPAIGNS_PORT: String(campaigns),
    PAYOUTS_PORT: String(payouts),
    RECOVERY_PORT: String(recovery),
    GATEWAY_PORT: String(gateway),
    STREETTEAM_DEV_DIR: devDir,
    ...options.env,
  };
  delete env.AUTH_JWKS_URL;
  delete env.SUPERGRAPH_FILE;
  const args = ['-r', '@swc-node/register', path.join('infra', 'dev', 'start.ts'), ...(options.demo ? [] : ['--no-demo'])];
  const launcher: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => launcher.once('close', (code) => resolve(code)));

  const killAll = (): void => {
    if (launcher.exitCode !== null || launcher.signalCode !== null) return;
    launcher.kill('SIGKILL');
    // The launcher runs each service in its own process group: whatever it reported goes too.
    for (const match of output.matchAll(/\(pid (\d+)\)/g)) {
      try {
        process.kill(-Number(match[1]), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  const origin = (port: number): string => `http://127.0.0.1:${port}`;
  const stack: LaunchedStack = {
    gatewayUrl: `${origin(gateway)}/graphql`,
    origins: { enrollment: origin(enrollment), campaigns: origin(campaigns), payouts: origin(payouts), recovery: origin(recovery), gateway: origin(gateway) },
    output: () => output,
    async ask<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLBody<T>> {
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLBody<T>;
    },
    async stop() {
      let timer: NodeJS.Timeout | undefined;
      if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGINT');
      const code = await Promise.race([exit, new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 30_000)))]);
      clearTimeout(timer);
      if (code === 'late') killAll();
      rmSync(devDir, { recursive: true, force: true });
      return code === 'late' ? null : code;
    },
  };

  const exitedEarly = exit.then((code) => {
    throw new Error(`the launcher exited (${code}) before it was ready:\n${output}`);
  });
  exitedEarly.catch(() => undefined);
  try {
    await Promise.race([
      waitFor(async () => /StreetTeam is ready in \d+ ms/.test(output), {
        description: 'the launcher to say it is ready',
        timeoutMs: options.readyTimeoutMs ?? 150_000,
        intervalMs: 250,
      }),
      exitedEarly,
    ]);
  } catch (error) {
    killAll();
    rmSync(devDir, { recursive: true, force: true });
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nlauncher output:\n${output}`);
  }
  return stack;
}
