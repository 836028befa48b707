// `npm run bench:gateway`: what the gateway costs. Starts real Postgres and Kafka, the
// enrollment subgraph, the gateway (apps/gateway, Apollo Gateway) and a Hive Gateway
// runtime over the same supergraph (all on 127.0.0.1), then sends the same portal query
// straight to the subgraph, through Apollo and through Hive, one after the other in one
// run, and prints throughput, latency, CPU per request and each gateway's overhead.
//
// Tunables (environment): BENCH_DURATION_S (5, per side per round), BENCH_ROUNDS (3),
// BENCH_WARMUP_S (2), BENCH_CONNECTIONS (4).
// Sized for a 2-core machine: a few connections saturate one Node process without
// the load generator starving the servers it measures.
import { randomBytes } from 'node:crypto';
import { mintToken, Role } from '@streetteam/auth';
import { composeSupergraph, supergraphFileText } from '../../../infra/graphql/compose-supergraph';
import { availableParallelism, loadavg } from 'node:os';
import { startBenchStack } from './bench-stack';
import { cpuTimeMs } from '../support/cpu-time';
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
  /** CPU ms the gateway in front (none for the direct side) spent per request, when /proc can tell. */
  gatewayCpuMs?: number;
  /** CPU ms the enrollment subgraph spent per request. */
  enrollmentCpuMs?: number;
  /** Throughput of each round, to show how much the machine moved under the figures. */
  roundRequestsPerSecond: number[];
}

interface SideSpec {
  label: string;
  load: Load;
  /** The gateway process in front of the subgraph; none when the subgraph is asked directly. */
  gatewayPid?: number;
}

interface Slice extends Measurement {
  gatewayCpu?: number;
  enrollmentCpu?: number;
}

/**
 * Measures every side in `rounds` short slices, rotating which goes first, so a burst of
 * load from elsewhere on the machine falls on all sides alike instead of on whichever
 * happened to run during it. Throughput and CPU per request are totals over the slices;
 * p50/p99/mean are the median of the slices' figures.
 */
async function measureSides(specs: SideSpec[], rounds: number, enrollmentPid: number): Promise<Side[]> {
  const slices: Slice[][] = specs.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (let step = 0; step < specs.length; step += 1) {
      const index = (round + step) % specs.length;
      slices[index].push(await measureSlice(specs[index], enrollmentPid));
    }
  }
  return specs.map((spec, index) => combine(spec.label, slices[index]));
}

async function measureSlice(spec: SideSpec, enrollmentPid: number): Promise<Slice> {
  const cpuOf = (pid: number | undefined): number | undefined => (pid === undefined ? undefined : cpuTimeMs(pid));
  const before = [cpuOf(spec.gatewayPid), cpuOf(enrollmentPid)];
  const measurement = await measure(spec.label, spec.load);
  const after = [cpuOf(spec.gatewayPid), cpuOf(enrollmentPid)];
  const delta = (index: number): number | undefined => {
    const [start, end] = [before[index], after[index]];
    return start === undefined || end === undefined ? undefined : end - start;
  };
  return { ...measurement, gatewayCpu: delta(0), enrollmentCpu: delta(1) };
}

function combine(label: string, slices: Slice[]): Side {
  const total = slices.reduce((sum, slice) => sum + slice.total, 0);
  const perRequest = (pick: (slice: Slice) => number | undefined): number | undefined => {
    const values = slices.map(pick);
    if (total === 0 || values.some((value) => value === undefined)) return undefined;
    return (values as number[]).reduce((sum, value) => sum + value, 0) / total;
  };
  return {
    label,
    requestsPerSecond: slices.reduce((sum, slice) => sum + slice.requestsPerSecond, 0) / slices.length,
    p50Ms: median(slices.map((slice) => slice.p50Ms)),
    p99Ms: median(slices.map((slice) => slice.p99Ms)),
    meanMs: median(slices.map((slice) => slice.meanMs)),
    total,
    failures: slices.reduce((sum, slice) => sum + slice.failures, 0),
    gatewayCpuMs: perRequest((slice) => slice.gatewayCpu),
    enrollmentCpuMs: perRequest((slice) => slice.enrollmentCpu),
    roundRequestsPerSecond: slices.map((slice) => slice.requestsPerSecond),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function cpu(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : ms.toFixed(2);
}

function row(cells: string[]): string {
  return cells.map((cell, index) => (index === 0 ? cell.padEnd(22) : cell.padStart(index > 6 ? 13 : 10))).join('');
}

function overhead(name: string, gateway: Side, subgraph: Side): string {
  return (
    `${name}: throughput ${(100 * (gateway.requestsPerSecond / subgraph.requestsPerSecond)).toFixed(0)}% of the subgraph's ` +
    `(x${(subgraph.requestsPerSecond / gateway.requestsPerSecond).toFixed(2)} slower), ` +
    `+${(gateway.p50Ms - subgraph.p50Ms).toFixed(1)} ms p50, +${(gateway.p99Ms - subgraph.p99Ms).toFixed(1)} ms p99; ` +
    `the gateway itself spends ${cpu(gateway.gatewayCpuMs)} ms of CPU per request (the subgraph ${cpu(gateway.enrollmentCpuMs)} ms)`
  );
}

function report(
  subgraph: Side,
  apollo: Side,
  hive: Side,
  load: Pick<Load, 'connections' | 'durationSeconds'> & { rounds: number; loadAverage: string },
): void {
  const cpus = availableParallelism();
  const cpuRatio =
    apollo.gatewayCpuMs !== undefined && hive.gatewayCpuMs !== undefined && hive.gatewayCpuMs > 0
      ? `, gateway CPU per request x${(hive.gatewayCpuMs / apollo.gatewayCpuMs).toFixed(2)}`
      : '';
  const lines = [
    '',
    `portal query ${PORTAL_QUERY}`,
    `${load.connections} connections, ${load.rounds} rounds of ${load.durationSeconds} s per side (order rotated), ` +
      'NODE_ENV=production, LOG_LEVEL=warn; latency columns are the median over rounds',
    '',
    row(['', 'req/s', 'p50 ms', 'p99 ms', 'mean ms', 'requests', 'failures', 'cpu/req gw', 'cpu/req enr']),
    ...[subgraph, apollo, hive].map((m) =>
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
    ...[subgraph, apollo, hive].map((m) => `req/s by round, ${m.label}: ${m.roundRequestsPerSecond.map((v) => v.toFixed(0)).join(', ')}`),
    '',
    overhead('Apollo Gateway (apps/gateway)', apollo, subgraph),
    overhead('Hive Gateway runtime', hive, subgraph),
    `Hive / Apollo: throughput x${(hive.requestsPerSecond / apollo.requestsPerSecond).toFixed(2)}${cpuRatio}`,
    `load average while measuring: ${load.loadAverage} (${cpus} cores; wall-clock figures are only comparable on a quiet machine)`,
  ];
  for (const [name, side] of [['Apollo Gateway', apollo], ['Hive Gateway', hive]] as const) {
    if (side.requestsPerSecond < subgraph.requestsPerSecond / 2) {
      lines.push(`NOTE: ${name} keeps less than half of the subgraph's throughput on this machine.`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<number> {
  const durationSeconds = setting('BENCH_DURATION_S', 5, 60);
  const rounds = setting('BENCH_ROUNDS', 3, 10);
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
    const viaHive = await graphql(stack.hiveUrl, PORTAL_QUERY, ambassador);
    const edges = (JSON.parse(direct) as { data: { programs: { edges: unknown[] } } }).data.programs.edges;
    if (edges.length !== PROGRAMS) throw new Error(`expected ${PROGRAMS} programs, the subgraph listed ${edges.length}`);
    if (JSON.stringify(JSON.parse(direct)) !== JSON.stringify(JSON.parse(viaGateway))) {
      throw new Error(`the gateway answered differently from the subgraph:\n  ${direct}\n  ${viaGateway}`);
    }
    if (JSON.stringify(JSON.parse(direct)) !== JSON.stringify(JSON.parse(viaHive))) {
      throw new Error(`the Hive Gateway answered differently from the subgraph:\n  ${direct}\n  ${viaHive}`);
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
    await measure('warm-up', load(stack.hiveUrl, viaHive, warmupSeconds));
    log(`measuring (${rounds} rounds of ${durationSeconds} s per side) …`);
    const [subgraph, apollo, hive] = await measureSides(
      [
        { label: 'enrollment (direct)', load: load(stack.enrollmentUrl, direct, durationSeconds) },
        { label: 'Apollo Gateway', load: load(stack.gatewayUrl, viaGateway, durationSeconds), gatewayPid: stack.gatewayPid },
        { label: 'Hive Gateway', load: load(stack.hiveUrl, viaHive, durationSeconds), gatewayPid: stack.hivePid },
      ],
      rounds,
      stack.enrollmentPid,
    );
    const loadAverage = loadavg()[0].toFixed(2);
    report(subgraph, apollo, hive, { connections, durationSeconds, rounds, loadAverage });
    return subgraph.failures + apollo.failures + hive.failures === 0 ? 0 : 1;
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
