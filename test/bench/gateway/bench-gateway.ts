// `npm run bench:gateway`: what the gateway costs. Starts real Postgres and Kafka, the
// enrollment subgraph and the gateway (all on 127.0.0.1), then sends the same portal
// query straight to the subgraph and through the gateway, one after the other in one
// run, and prints throughput, latency and the gateway's overhead.
//
// Tunables (environment): BENCH_DURATION_S (10), BENCH_WARMUP_S (2), BENCH_CONNECTIONS (4).
// Sized for a 2-core machine: a few connections saturate one Node process without
// the load generator starving the servers it measures.
import { randomBytes } from 'node:crypto';
import { mintToken, Role } from '@streetteam/auth';
import { composeSupergraph, supergraphFileText } from '../../../infra/graphql/compose-supergraph';
import { availableParallelism, loadavg } from 'node:os';
import { BenchStack, startBenchStack } from './bench-stack';
import { cpuTimeMs } from './cpu-time';
import { Load, measure, Measurement } from './measure';

const PORTAL_QUERY = '{ programs(first: 10) { edges { node { id name currency } } } }';
const PROGRAMS = 10;

function setting(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer between 1 and ${max} (got "${raw}")`);
  }
  return value;
}

async function graphql(url: string, query: string, token: string, variables?: Record<string, unknown>): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as { errors?: Array<{ message: string }> };
  if (response.status !== 200 || parsed.errors) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

async function composedSupergraph(enrollmentUrl: string): Promise<string> {
  const response = await fetch(enrollmentUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service: { sdl: string } } };
  if (!body.data) throw new Error(`enrollment did not give its SDL: ${JSON.stringify(body).slice(0, 300)}`);
  const outcome = composeSupergraph([{ name: 'enrollment', url: enrollmentUrl, sdl: body.data._service.sdl }]);
  if (!outcome.ok) throw new Error(`enrollment alone does not compose: ${outcome.errors.join('; ')}`);
  return supergraphFileText(outcome.supergraphSdl);
}

interface Side extends Measurement {
  /** CPU ms each process spent per request answered, when /proc is there to tell. */
  gatewayCpuMs?: number;
  enrollmentCpuMs?: number;
}

async function measureSide(label: string, load: Load, stack: BenchStack): Promise<Side> {
  const before = [cpuTimeMs(stack.gatewayPid), cpuTimeMs(stack.enrollmentPid)];
  const measurement = await measure(label, load);
  const after = [cpuTimeMs(stack.gatewayPid), cpuTimeMs(stack.enrollmentPid)];
  const perRequest = (index: number): number | undefined => {
    const [start, end] = [before[index], after[index]];
    return start === undefined || end === undefined || measurement.total === 0 ? undefined : (end - start) / measurement.total;
  };
  return { ...measurement, gatewayCpuMs: perRequest(0), enrollmentCpuMs: perRequest(1) };
}

function cpu(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : ms.toFixed(2);
}

function row(cells: string[]): string {
  return cells.map((cell, index) => (index === 0 ? cell.padEnd(22) : cell.padStart(index > 6 ? 13 : 10))).join('');
}

function report(
  subgraph: Side,
  gateway: Side,
  load: Pick<Load, 'connections' | 'durationSeconds'> & { loadAverage: string },
): void {
  const cpus = availableParallelism();
  const lines = [
    '',
    `portal query ${PORTAL_QUERY}`,
    `${load.connections} connections, ${load.durationSeconds} s per side, NODE_ENV=production, LOG_LEVEL=warn`,
    '',
    row(['', 'req/s', 'p50 ms', 'p99 ms', 'mean ms', 'requests', 'failures', 'cpu/req gw', 'cpu/req enr']),
    ...[subgraph, gateway].map((m) =>
      row([
        m.label,
        m.requestsPerSecond.toFixed(0),
        m.p50Ms.toFixed(1),
        m.p99Ms.toFixed(1),
        m.meanMs.toFixed(2),
        String(m.total),
        String(m.failures),
        cpu(m.gatewayCpuMs),
        cpu(m.enrollmentCpuMs),
      ]),
    ),
    '',
    `gateway overhead: throughput ${(100 * (gateway.requestsPerSecond / subgraph.requestsPerSecond)).toFixed(0)}% of the subgraph's ` +
      `(x${(subgraph.requestsPerSecond / gateway.requestsPerSecond).toFixed(2)} slower), ` +
      `+${(gateway.p50Ms - subgraph.p50Ms).toFixed(1)} ms p50, +${(gateway.p99Ms - subgraph.p99Ms).toFixed(1)} ms p99, ` +
      `+${(gateway.meanMs - subgraph.meanMs).toFixed(2)} ms mean; ` +
      `the gateway itself spends ${cpu(gateway.gatewayCpuMs)} ms of CPU per request (the subgraph ${cpu(gateway.enrollmentCpuMs)} ms)`,
    `load average while measuring: ${load.loadAverage} (${cpus} cores; wall-clock figures are only comparable on a quiet machine)`,
  ];
  if (gateway.requestsPerSecond < subgraph.requestsPerSecond / 2) {
    lines.push('NOTE: Apollo Gateway keeps less than half of the subgraph\'s throughput on this machine.');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<number> {
  const durationSeconds = setting('BENCH_DURATION_S', 10, 120);
  const warmupSeconds = setting('BENCH_WARMUP_S', 2, 30);
  const connections = setting('BENCH_CONNECTIONS', 4, 64);
  const signingKey = randomBytes(24).toString('hex');
  const log = (line: string): void => void process.stdout.write(`${line}\n`);

  const stack = await startBenchStack({ signingKey, supergraphFor: composedSupergraph, log });
  const stopOnSignal = (): void => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const marketingOps = await mintToken({ subject: 'bench-ops', roles: [Role.MARKETING_OPS] }, signingKey);
    for (let index = 1; index <= PROGRAMS; index += 1) {
      await graphql(
        stack.enrollmentUrl,
        'mutation ($input: CreateProgramInput!) { createProgram(input: $input) { id } }',
        marketingOps,
        { input: { name: `Bench program ${index}`, currency: 'USD', guaranteeWindowDays: 30 } },
      );
    }
    const ambassador = await mintToken({ subject: 'bench-ambassador', roles: [Role.AMBASSADOR], ambassadorId: 'amb-bench' }, signingKey);
    // Both sides must give the same answer, or the comparison means nothing.
    const direct = await graphql(stack.enrollmentUrl, PORTAL_QUERY, ambassador);
    const viaGateway = await graphql(stack.gatewayUrl, PORTAL_QUERY, ambassador);
    const edges = (JSON.parse(direct) as { data: { programs: { edges: unknown[] } } }).data.programs.edges;
    if (edges.length !== PROGRAMS) throw new Error(`expected ${PROGRAMS} programs, the subgraph listed ${edges.length}`);
    if (JSON.stringify(JSON.parse(direct)) !== JSON.stringify(JSON.parse(viaGateway))) {
      throw new Error(`the gateway answered differently from the subgraph:\n  ${direct}\n  ${viaGateway}`);
    }

    const load = (url: string, expectBody: string, seconds: number): Load => ({
      url,
      headers: { authorization: `Bearer ${ambassador}` },
      body: JSON.stringify({ query: PORTAL_QUERY }),
      expectBody,
      connections,
      durationSeconds: seconds,
    });
    log(`warming up (${warmupSeconds} s per side) …`);
    await measure('warm-up', load(stack.enrollmentUrl, direct, warmupSeconds));
    await measure('warm-up', load(stack.gatewayUrl, viaGateway, warmupSeconds));
    log(`measuring (${durationSeconds} s per side) …`);
    const subgraph = await measureSide('enrollment (direct)', load(stack.enrollmentUrl, direct, durationSeconds), stack);
    const gateway = await measureSide('through the gateway', load(stack.gatewayUrl, viaGateway, durationSeconds), stack);
    const loadAverage = loadavg()[0].toFixed(2);
    report(subgraph, gateway, { connections, durationSeconds, loadAverage });
    return subgraph.failures + gateway.failures === 0 ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:gateway failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
