// autocannon ships no typings; this is the slice the bench uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;

interface AutocannonOptions {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
  expectBody?: string;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
}

export interface Measurement {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  total: number;
  /** Failed connections, timeouts, non-2xx answers and bodies unlike the expected one. */
  failures: number;
}

export interface Load {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Every answer must be exactly this (checked on each response). */
  expectBody: string;
  connections: number;
  durationSeconds: number;
}

/** Sends `load` for its duration and summarises what came back. */
export async function measure(label: string, load: Load): Promise<Measurement> {
  const result = await autocannon({
    url: load.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...load.headers },
    body: load.body,
    connections: load.connections,
    duration: load.durationSeconds,
    expectBody: load.expectBody,
  });
  return {
    label,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.average,
    total: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx + result.mismatches,
  };
}
