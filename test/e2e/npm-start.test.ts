import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { mintToken, Role } from '@streetteam/auth';
import { freePorts, portAnswers, repoRoot } from '@streetteam/local-infra';
import { assertTestDatabase, kafkaBrokers, testDatabaseUrl, uniqueName, waitFor } from '@streetteam/testing';

const root = repoRoot();
const launcherArgs = ['-r', '@swc-node/register', path.join('infra', 'dev', 'start.ts')];
const signingKey = `npm-start-test-key-${uniqueName('k')}`;

interface GraphQLBody<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

interface ProgramNode {
  id: string;
  name: string;
  currency: string;
  guaranteeWindowDays: number;
}

/** A database of its own on the test server, so the services' schemas meet no other test's. */
async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(database: string): string {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  assertTestDatabase(url.toString());
  return url.toString();
}

/** The launcher's environment: test servers, free ports, a dev folder of its own. */
function launcherEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_BROKERS: kafkaBrokers().join(','), AUTH_DEV_SIGNING_KEY: signingKey, ...overrides };
  delete env.AUTH_JWKS_URL;
  delete env.SUPERGRAPH_FILE;
  return env;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  describe('on a working configuration', () => {
    const database = uniqueName('npm_start_test');
    const devDir = mkdtempSync(path.join(tmpdir(), 'npm-start-test-'));
    let ports: number[];
    let gatewayUrl: string;
    let launcher: ChildProcess;
    let launcherExit: Promise<number | null>;
    let output = '';

    beforeAll(async () => {
      await withAdmin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`));
      ports = await freePorts(5);
      const [enrollment, campaigns, payouts, recovery, gateway] = ports;
      gatewayUrl = `http://127.0.0.1:${gateway}/graphql`;
      launcher = spawn(process.execPath, launcherArgs, {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: launcherEnv({
          DATABASE_URL: databaseUrl(database),
          KAFKA_TOPIC_PREFIX: `${uniqueName('npm_start')}.`,
          ENROLLMENT_PORT: String(enrollment),
          CAMPAIGNS_PORT: String(campaigns),
          PAYOUTS_PORT: String(payouts),
          RECOVERY_PORT: String(recovery),
          GATEWAY_PORT: String(gateway),
          STREETTEAM_DEV_DIR: devDir,
        }),
      });
      launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      launcherExit = new Promise((resolve) => launcher.once('close', (code) => resolve(code)));

      const exitedEarly = launcherExit.then((code) => {
        throw new Error(`npm start exited (${code}) before it was ready:\n${output}`);
      });
      exitedEarly.catch(() => undefined);
      await Promise.race([
        waitFor(async () => /StreetTeam is ready in \d+ ms/.test(output), { description: 'the launcher to say it is ready', timeoutMs: 150_000, intervalMs: 250 }),
        exitedEarly,
      ]).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\nlauncher output:\n${output}`);
      });
    }, 180_000);

    afterAll(async () => {
      // Whatever a failed test left running must not outlive the run.
      if (launcher.exitCode === null && launcher.signalCode === null) {
        launcher.kill('SIGKILL');
        for (const pid of childPids()) {
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`));
      rmSync(devDir, { recursive: true, force: true });
    }, 60_000);

    /** The services and gateway the launcher reported, by the pid on their "ready" lines. */
    function childPids(): number[] {
      return [...output.matchAll(/\(pid (\d+)\)/g)].map((match) => Number(match[1]));
    }

    async function asMarketingOps<T>(query: string): Promise<GraphQLBody<T>> {
      const token = await mintToken({ subject: 'marketing-ops-1', roles: [Role.MARKETING_OPS] }, signingKey);
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as GraphQLBody<T>;
    }

    it('serves the gateway it names and the demo program marketing ops can see', async () => {
      expect(output).toContain(gatewayUrl);
      const result = await asMarketingOps<{ programs: { edges: Array<{ node: ProgramNode }> } }>(
        '{ programs(first: 100) { edges { node { id name currency guaranteeWindowDays } } } }',
      );
      expect(result.errors).toBeUndefined();
      const demo = result.data!.programs.edges.map(({ node }) => node).filter(({ name }) => name === 'Demo street team');
      expect(demo).toEqual([expect.objectContaining({ currency: 'USD', guaranteeWindowDays: 30 })]);
    });

    it('carries the new program to campaigns, payouts and recovery through the outbox and Kafka', async () => {
      type Settled = { recordedAt: string | null } | null;
      type Node = { name: string; campaignSettings: Settled; payoutSettings: Settled; guaranteePolicy: Settled };
      const query =
        '{ programs { edges { node { id name campaignSettings { recordedAt } payoutSettings { recordedAt } guaranteePolicy { recordedAt } } } } }';
      const outcome = await waitFor(
        async () => {
          const result = await asMarketingOps<{ programs: { edges: Array<{ node: Node }> } }>(query);
          // A field the supergraph lacks will not appear by waiting: report it at once.
          if (result.errors?.some((error) => error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')) {
            return { errors: result.errors.map((error) => error.message) };
          }
          if (result.errors) throw new Error(result.errors.map((error) => error.message).join('; '));
          const demo = result.data!.programs.edges.find(({ node }) => node.name === 'Demo street team')?.node;
          const sides = demo && [demo.campaignSettings, demo.payoutSettings, demo.guaranteePolicy];
          return sides?.every((side) => side?.recordedAt) ? { demo } : undefined;
        },
        { description: 'campaigns, payouts and recovery to record the demo program', timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(outcome.errors).toBeUndefined();
      expect(outcome.demo).toEqual(
        expect.objectContaining({
          campaignSettings: { recordedAt: expect.any(String) },
          payoutSettings: { recordedAt: expect.any(String) },
          guaranteePolicy: { recordedAt: expect.any(String) },
        }),
      );
    }, 90_000);

    it('stops every service and the gateway on Ctrl-C and exits 0', async () => {
      const pids = childPids();
      expect(pids.length).toBeGreaterThanOrEqual(2); // at least enrollment and the gateway
      expect(pids.every(processAlive)).toBe(true);

      launcher.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([launcherExit, new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 30_000)))]);
      clearTimeout(timer);

      expect(code).toBe(0);
      expect(output).toMatch(/gateway\s+stopped/);
      expect(pids.filter(processAlive)).toEqual([]);
      const answering = await Promise.all(ports.map((port) => portAnswers(port)));
      expect(answering).toEqual(ports.map(() => false));
    }, 40_000);
  });

  it('fails fast with one line naming ENROLLMENT_PORT when it is not a port', () => {
    const devDir = mkdtempSync(path.join(tmpdir(), 'npm-start-test-'));
    const startedAt = Date.now();
    const run = spawnSync('npm', ['start'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      // The test servers, so that even a launcher that failed to check first would touch nothing of a developer's.
      env: launcherEnv({ ENROLLMENT_PORT: 'abc', DATABASE_URL: testDatabaseUrl(), STREETTEAM_DEV_DIR: devDir }),
    });
    const tookMs = Date.now() - startedAt;
    rmSync(devDir, { recursive: true, force: true });

    expect(run.status).toBe(1);
    const launcherLines = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.includes('ENROLLMENT_PORT'));
    expect(launcherLines).toEqual([expect.stringMatching(/^npm start: Invalid configuration: ENROLLMENT_PORT must be an integer \(got "abc"\)$/)]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toMatch(/ready in/);
    expect(tookMs).toBeLessThan(20_000);
  }, 60_000);
});
