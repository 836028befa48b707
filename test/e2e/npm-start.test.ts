import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mintToken, Role } from '@streetteam/auth';
import { portAnswers, repoRoot } from '@streetteam/local-infra';
import { kafkaBrokers, testDatabaseUrl, uniqueName, waitFor } from '@streetteam/testing';
import { GraphQLBody, launchStack, LaunchedStack } from '../support/launched-stack';
import { ownTestDatabase } from '../support/own-database';

const root = repoRoot();
const signingKey = `npm-start-test-key-${uniqueName('k')}`;

interface ProgramNode {
  id: string;
  name: string;
  currency: string;
  guaranteeWindowDays: number;
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
    const database = ownTestDatabase('npm_start');
    let stack: LaunchedStack;

    beforeAll(async () => {
      await database.create();
      stack = await launchStack({ databaseUrl: database.url, kafkaBrokers: kafkaBrokers(), signingKey, demo: true });
    }, 180_000);

    afterAll(async () => {
      // Whatever a failed test left running must not outlive the run.
      await stack?.stop();
      await database.drop();
    }, 60_000);

    /** The services and gateway the launcher reported, by the pid on their "ready" lines. */
    function childPids(): number[] {
      return [...stack.output().matchAll(/\(pid (\d+)\)/g)].map((match) => Number(match[1]));
    }

    async function asMarketingOps<T>(query: string): Promise<GraphQLBody<T>> {
      return stack.ask<T>(query, {}, await mintToken({ subject: 'marketing-ops-1', roles: [Role.MARKETING_OPS] }, signingKey));
    }

    it('serves the gateway it names and the demo program marketing ops can see', async () => {
      expect(stack.output()).toContain(stack.gatewayUrl);
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

      expect(await stack.stop()).toBe(0);
      expect(stack.output()).toMatch(/gateway\s+stopped/);
      expect(pids.filter(processAlive)).toEqual([]);
      const origins = Object.values(stack.origins).map((origin) => Number(new URL(origin).port));
      const answering = await Promise.all(origins.map((port) => portAnswers(port)));
      expect(answering).toEqual(origins.map(() => false));
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
