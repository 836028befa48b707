import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts, repoRoot, startKafka, startPostgres } from '@streetteam/local-infra';

export interface BenchStack {
  enrollmentUrl: string;
  /** apps/gateway: Apollo Gateway inside NestJS. */
  gatewayUrl: string;
  /** The same supergraph behind @graphql-hive/gateway-runtime (hive-gateway-server.ts). */
  hiveUrl: string;
  enrollmentPid: number;
  gatewayPid: number;
  hivePid: number;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  signingKey: string;
  /** Composes the supergraph the gateway serves from the running enrollment subgraph. */
  supergraphFor(enrollmentUrl: string): Promise<string>;
  log(line: string): void;
}

const BOOT_TIMEOUT_MS = 90_000;

/**
 * Real Postgres and Kafka (libs/local-infra: reused when DATABASE_URL / KAFKA_BROKERS are
 * set), then the enrollment subgraph, the gateway (exactly as `node -r @swc-node/register
 * apps/<svc>/src/main.ts` runs them) and the Hive Gateway runtime as child processes, all
 * on 127.0.0.1.
 */
export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const root = repoRoot();
  const folder = join(root, '.local', 'bench', 'gateway');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const [pgPort, brokerPort, controllerPort, enrollmentPort, gatewayPort, hivePort] = await freePorts(6);
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
    stops.length = 0;
  };
  try {
    options.log('starting Postgres and Kafka …');
    const [postgres, kafka] = await Promise.all([
      startPostgres({
        dataDir: join(folder, 'postgres'),
        port: pgPort,
        fresh: true,
        databases: ['streetteam_bench'],
        settings: { fsync: 'off', synchronous_commit: 'off' },
      }),
      startKafka({ dataDir: join(folder, 'kafka'), port: brokerPort, controllerPort, log: () => undefined }),
    ]);
    stops.push(() => postgres.stop(), () => kafka.stop());

    const common = { NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', AUTH_DEV_SIGNING_KEY: options.signingKey };
    options.log('starting the enrollment subgraph …');
    const enrollment = startService(root, folder, 'enrollment', appMain('enrollment'), {
      ...common,
      ENROLLMENT_PORT: String(enrollmentPort),
      DATABASE_URL: postgres.url('streetteam_bench'),
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: `bench${Date.now()}.`,
    });
    stops.push(enrollment.stop);
    const enrollmentUrl = `http://127.0.0.1:${enrollmentPort}/graphql`;
    await waitReady(`http://127.0.0.1:${enrollmentPort}/health/ready`, enrollment);

    const supergraphFile = join(folder, 'supergraph.graphql');
    writeFileSync(supergraphFile, await options.supergraphFor(enrollmentUrl));
    options.log('starting the gateway …');
    const gateway = startService(root, folder, 'gateway', appMain('gateway'), {
      ...common,
      GATEWAY_PORT: String(gatewayPort),
      ENROLLMENT_URL: enrollmentUrl,
      SUPERGRAPH_FILE: supergraphFile,
    });
    stops.push(gateway.stop);
    await waitReady(`http://127.0.0.1:${gatewayPort}/health/ready`, gateway);
    options.log('starting the Hive Gateway runtime …');
    const hive = startService(root, folder, 'hive-gateway', 'test/bench/gateway/hive-gateway-server.ts', {
      ...common,
      HIVE_PORT: String(hivePort),
      SUPERGRAPH_FILE: supergraphFile,
    });
    stops.push(hive.stop);
    // The runtime's own probe: 200 once the supergraph is loaded.
    await waitReady(`http://127.0.0.1:${hivePort}/readiness`, hive);
    return {
      enrollmentUrl,
      gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
      hiveUrl: `http://127.0.0.1:${hivePort}/graphql`,
      enrollmentPid: enrollment.child.pid ?? 0,
      gatewayPid: gateway.child.pid ?? 0,
      hivePid: hive.child.pid ?? 0,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface ServiceProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

function appMain(app: string): string {
  return `apps/${app}/src/main.ts`;
}

function startService(root: string, folder: string, name: string, script: string, env: Record<string, string>): ServiceProcess {
  const logFile = join(folder, `${name}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return {
    name,
    child,
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function waitReady(probe: string, service: ServiceProcess): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) break;
    const status = await fetch(probe, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const tail = readFileSync(service.logFile, 'utf8').trim().split('\n').slice(-5).join('\n  ');
  throw new Error(`${service.name} was not ready at ${probe} within ${BOOT_TIMEOUT_MS / 1000} s; last log lines:\n  ${tail}`);
}
