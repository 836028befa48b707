/**
 * npm run bench:tracking [-- --connections 50 --seconds 10 --rounds 5 --warm-up-seconds 5 --click-rate 5000 --click-seconds 10 --orders 20000 --topology split|single --phases redirect,clicks,orders --cpu-prof DIR --pg-statements]
 *
 * On its own Postgres and Kafka (test/bench/support/bench-infra.ts), with the campaigns
 * service and a bare Node HTTP server as child processes, all on 127.0.0.1:
 *  1. the redirect GET /r/:slug under autocannon, beside the bare server answering the
 *     same 302: both throughputs, the ratio, p50/p99; split, the redirect replica first
 *     alone (its clicks wait in Kafka until the counting replica starts), then again while
 *     the counting replica counts them on the same cores;
 *  2. click → counted in Postgres at a steady offered load: p50/p99 lag;
 *  3. orders published onto shop.order.v1 → attributed (conversion and commission
 *     written): orders per second. Every order uses a code; nine in ten ambassadors also
 *     drew clicks on a link, the codes of the tenth look leaked and their orders are flagged.
 * Bounded in count and time: it stops by itself.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { mintToken, Role } from '@streetteam/auth';
import { hashEmail, OrderPlaced, OrderPlacedPayload, ProgramCreated } from '@streetteam/contracts';
import { KafkaBus } from '@streetteam/messaging';
import { freePorts, repoRoot } from '@streetteam/local-infra';
import { envelopeFor, messageFor } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { startBenchInfra } from '../support/bench-infra';
import { cpuTimeMs, cpuTimeOfMatchingMs, machineTicks } from '../support/cpu-time';
import { formatRate, percentile } from '../support/stats';

const args = new Map(process.argv.slice(2).map((arg, i, all) => [arg, all[i + 1]]));
const connections = Number(args.get('--connections') ?? 50);
const seconds = Number(args.get('--seconds') ?? 10);
/** --rounds: each redirect side's seconds are measured in this many slices, taking turns with the other side. */
const rounds = Number(args.get('--rounds') ?? 5);
const warmUpSeconds = Number(args.get('--warm-up-seconds') ?? 5);
const clickRate = Number(args.get('--click-rate') ?? 5000);
const clickSeconds = Number(args.get('--click-seconds') ?? 10);
const orderCount = Number(args.get('--orders') ?? 20_000);
/** --pg-statements: also prints the Postgres statements that took the most time over the run (pg_stat_statements). */
const pgStatements = args.has('--pg-statements');
/** --cpu-prof DIR: the campaigns process writes a V8 CPU profile there when it stops (node --cpu-prof). */
const cpuProfDir = args.get('--cpu-prof');
/**
 * --topology split (default): GET /r/:slug is measured on a redirect-only replica
 * (CAMPAIGNS_CLICK_CONSUMER=off, CAMPAIGNS_ORDER_CONSUMER=off); a second campaigns process
 * consumes the clicks and attributes the orders, as a deployment would run it (there on
 * machines of its own, here on the same two cores). --topology single: one process does everything.
 */
const topology = args.get('--topology') ?? 'split';
if (topology !== 'split' && topology !== 'single') throw new Error('--topology is split or single');
/** --phases: which of the three to run (all by default), to look at one of them closely. */
const phases = new Set((args.get('--phases') ?? 'redirect,clicks,orders').split(','));
for (const phase of phases) if (!['redirect', 'clicks', 'orders'].includes(phase)) throw new Error(`--phases takes redirect, clicks and orders, not ${phase}`);
const AMBASSADORS = 200;
/** The ambassadors with a referral link, clicked in the load phases and before the orders; the other 20 sell through their codes alone. */
const PROMOTING = 180;
const signingKey = 'streetteam-bench-tracking-signing-key-32chars';
const children: ChildProcess[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function spawnChild(args: string[], env: NodeJS.ProcessEnv, readyLine?: RegExp, logFile?: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: repoRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  const log = logFile ? createWriteStream(logFile) : undefined;
  child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
  if (log) {
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  }
  return new Promise((resolve, reject) => {
    if (!readyLine) return resolve(child);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-4000);
      if (readyLine.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`child ${args.join(' ')} exited with ${code}: ${err}`)));
  });
}

interface Cannon {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

/** autocannon in a process of its own, so it doesn't share an event loop with what it measures. */
async function autocannon(url: string, durationSeconds: number): Promise<Cannon> {
  const child = spawn(process.execPath, [require.resolve('autocannon/autocannon.js'), '-c', String(connections), '-d', String(durationSeconds), '-j', '-H', 'user-agent=Mozilla/5.0 bench', url], {
    cwd: repoRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const result = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; '3xx'?: number };
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, non2xx: result.non2xx, errors: result.errors };
}

/** A process (or set of them) whose CPU time a measurement reads before and after. */
interface CpuSource {
  name: string;
  ms(): number | undefined;
}
const processCpu = (name: string, child: ChildProcess): CpuSource => ({ name, ms: () => cpuTimeMs(child.pid!) });
/** Every process of this machine's Postgres (postmaster and backends) and Kafka broker: the bench's own, as nothing else runs them here. */
const POSTGRES_CPU: CpuSource = { name: 'postgres', ms: () => cpuTimeOfMatchingMs(/^postgres[: ]|\/bin\/postgres /) };
const KAFKA_CPU: CpuSource = { name: 'kafka', ms: () => cpuTimeOfMatchingMs(/kafka\.Kafka/) };

/** CPU time each source used over a window (ms, undefined where unreadable), and the machine's ticks meanwhile. */
interface CpuUse {
  ms: Record<string, number | undefined>;
  stealTicks: number;
  totalTicks: number;
}

/** Starts a window over `sources`; the returned function ends it. */
function cpuWindow(sources: CpuSource[]): () => CpuUse {
  const before = sources.map((source) => source.ms());
  const machineBefore = machineTicks();
  return () => {
    const machineAfter = machineTicks();
    const ms = Object.fromEntries(
      sources.map((source, i) => {
        const [start, end] = [before[i], source.ms()];
        return [source.name, start === undefined || end === undefined ? undefined : end - start];
      }),
    );
    if (!machineBefore || !machineAfter) return { ms, stealTicks: 0, totalTicks: 0 };
    return { ms, stealTicks: machineAfter.steal - machineBefore.steal, totalTicks: machineAfter.total - machineBefore.total };
  };
}

/** Windows added up, as if one. */
function addedUp(uses: CpuUse[]): CpuUse {
  const ms: Record<string, number | undefined> = {};
  for (const name of Object.keys(uses[0]?.ms ?? {})) {
    ms[name] = uses.some((use) => use.ms[name] === undefined) ? undefined : uses.reduce((sum, use) => sum + use.ms[name]!, 0);
  }
  return { ms, stealTicks: uses.reduce((sum, use) => sum + use.stealTicks, 0), totalTicks: uses.reduce((sum, use) => sum + use.totalTicks, 0) };
}

/** CPU µs per unit of work for each source, and the steal share (undefined without /proc). */
function perUnit(use: CpuUse, units: number): { cpuUs: Record<string, number | undefined>; steal?: number } {
  const cpuUs = Object.fromEntries(Object.entries(use.ms).map(([name, ms]) => [name, ms === undefined || units === 0 ? undefined : Math.round((ms * 1000) / units)]));
  return use.totalTicks > 0 ? { cpuUs, steal: use.stealTicks / use.totalTicks } : { cpuUs };
}

const stealText = (steal: number | undefined): string => (steal === undefined ? '?' : `${Math.round(steal * 100)}%`);

const cpuBreakdown = (cpuUs: Record<string, number | undefined>): string =>
  Object.entries(cpuUs)
    .map(([name, us]) => `${name} ${us ?? '?'}`)
    .join(', ');

interface SideSpec {
  label: string;
  url: string;
  cpu: CpuSource[];
}

interface Side {
  label: string;
  requestsPerSecond: number;
  /** Median of the slices' p50; the worst slice's p99. */
  p50: number;
  p99: number;
  total: number;
  errors: number;
  /** Answers including the warm-up: each is a click to be counted. */
  answeredInAll: number;
  cpuUs: Record<string, number | undefined>;
  steal?: number;
}

/**
 * Each side warmed up, then measured in `rounds` slices that take turns, so a burst of load
 * from elsewhere on the machine (a VM's steal) falls on every side alike instead of on
 * whichever happened to run during it. Throughput, CPU per answer and steal are over all slices.
 */
async function measureSides(specs: SideSpec[]): Promise<Side[]> {
  const warmUps: Cannon[] = [];
  for (const spec of specs) warmUps.push(await autocannon(spec.url, warmUpSeconds));
  const sliceSeconds = Math.max(1, Math.round(seconds / rounds));
  const slices = specs.map(() => [] as Array<{ cannon: Cannon; use: CpuUse }>);
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < specs.length; step++) {
      const index = (round + step) % specs.length;
      const done = cpuWindow(specs[index].cpu);
      const cannon = await autocannon(specs[index].url, sliceSeconds);
      slices[index].push({ cannon, use: done() });
    }
  }
  return specs.map((spec, index) => {
    const own = slices[index];
    const total = own.reduce((sum, s) => sum + s.cannon.total, 0);
    const { cpuUs, steal } = perUnit(addedUp(own.map((slice) => slice.use)), total);
    return {
      label: spec.label,
      requestsPerSecond: total / (rounds * sliceSeconds),
      p50: percentile(own.map((s) => s.cannon.p50), 50),
      p99: Math.max(...own.map((s) => s.cannon.p99)),
      total,
      errors: own.reduce((sum, s) => sum + s.cannon.errors, 0),
      answeredInAll: total + warmUps[index].total,
      cpuUs,
      steal,
    };
  });
}

function sideRow(side: Side): Array<string | number> {
  const cpu = Object.values(side.cpuUs);
  return [
    side.label,
    formatRate(side.requestsPerSecond),
    side.p50,
    side.p99,
    side.total,
    cpu.some((us) => us === undefined) ? '?' : cpu.reduce((sum, us) => sum! + us!, 0)!,
    stealText(side.steal),
  ];
}

async function main(): Promise<void> {
  console.log(`bench:tracking — redirect ${connections} connections × ${seconds} s; clicks at ${clickRate}/s for ${clickSeconds} s; ${orderCount.toLocaleString('en-US')} orders`);
  const infra = await startBenchInfra('tracking', { statements: pgStatements });
  const db = new Client({ connectionString: infra.databaseUrl });
  const bus = new KafkaBus({ brokers: infra.brokers, clientId: 'bench-tracking', topicPrefix: 'bench.' });
  try {
    const [appPort, barePort, redirectPort] = await freePorts(3);
    const campaignsEnv = (port: number, consumers: 'on' | 'off') => ({
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: infra.databaseUrl,
      KAFKA_BROKERS: infra.brokers.join(','),
      KAFKA_TOPIC_PREFIX: 'bench.',
      CAMPAIGNS_PORT: String(port),
      AUTH_DEV_SIGNING_KEY: signingKey,
      CAMPAIGNS_CLICK_CONSUMER: consumers,
      CAMPAIGNS_ORDER_CONSUMER: consumers,
    });
    const profile = (name: string) => (cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(cpuProfDir), '--cpu-prof-name', `${name}.cpuprofile`] : []);
    const startCampaigns = async (name: string, port: number, consumers: 'on' | 'off') => {
      const child = await spawnChild([...profile(name), '-r', '@swc-node/register', path.join(__dirname, 'campaigns-server.ts')], campaignsEnv(port, consumers), undefined, path.join(repoRoot(), '.local', 'bench', `tracking-${name}.log`));
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, { description: `${name} ready`, timeoutMs: 120_000, intervalMs: 250 });
      return child;
    };
    // Split: the redirect replica starts first and takes the seeding; the counting replica
    // starts once the redirect has been measured alone (or at once, without the redirect phase).
    const redirectPortUsed = topology === 'split' ? redirectPort : appPort;
    const redirectServer = await startCampaigns(topology === 'split' ? 'campaigns-redirect' : 'campaigns', redirectPortUsed, topology === 'split' ? 'off' : 'on');
    const base = `http://127.0.0.1:${redirectPortUsed}`;
    let countingServer = topology === 'single' ? redirectServer : undefined;
    const startCounting = async () => {
      countingServer ??= await startCampaigns('campaigns', appPort, 'on');
    };
    // Every process doing the work once counting runs: both replicas (the redirect replica's
    // relay takes its share of the outbox lanes), or the one process, with Postgres and Kafka.
    const everyProcessCpu = (): CpuSource[] => [
      ...(countingServer && countingServer !== redirectServer
        ? [processCpu('redirect replica', redirectServer), processCpu('counting replica', countingServer)]
        : [processCpu('campaigns', redirectServer)]),
      POSTGRES_CPU,
      KAFKA_CPU,
    ];
    console.log(
      topology === 'split'
        ? 'topology: split — GET /r/:slug on a redirect-only campaigns replica (click and order consumers off), measured first alone, then while a second campaigns process on this machine counts the clicks; that process attributes the orders'
        : 'topology: single — one campaigns process answers GET /r/:slug and also consumes its clicks and attributes the orders',
    );
    const bareServer = await spawnChild(['-r', '@swc-node/register', path.join(__dirname, 'bare-redirect-server.ts'), String(barePort)], {}, /ready/);
    await db.connect();
    await db.query('SET search_path TO campaigns');

    // Seed: a program (by its event), a campaign and its ambassadors' links (as ops and ambassadors would), their codes.
    const programId = randomUUID();
    await bus.publish([messageFor(ProgramCreated, envelopeFor(ProgramCreated, { programId, name: 'Bench', currency: 'USD', guaranteeWindowDays: 30, createdAt: new Date().toISOString() }, 'bench'))]);
    await waitFor(async () => ((await db.query('SELECT 1 FROM programs WHERE id = $1', [programId])).rowCount ?? 0) > 0, { description: 'program recorded', timeoutMs: 60_000, intervalMs: 50 });
    const graphql = async (query: string, role: Role, ambassadorId?: string) => {
      const token = await mintToken({ subject: 'bench', roles: [role], ambassadorId }, signingKey);
      const answer = (await (await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) })).json()) as { data?: Record<string, { id: string; slug?: string }>; errors?: unknown };
      if (!answer.data) throw new Error(`graphql failed: ${JSON.stringify(answer.errors)}`);
      return Object.values(answer.data)[0];
    };
    const startsAt = new Date(Date.now() - 86_400_000).toISOString();
    const campaign = await graphql(`mutation { createCampaign(input: { programId: "${programId}", name: "Bench", objective: SALES, startsAt: "${startsAt}", landingUrl: "https://shop.example.com/spring", rules: { percentBps: 1000, pointsPerSale: 10 } }) { id } }`, Role.MARKETING_OPS);
    await db.query('UPDATE campaign_rule_versions SET effective_from = $2 WHERE campaign_id = $1', [campaign.id, startsAt]);
    await graphql(`mutation { changeCampaignStatus(id: "${campaign.id}", status: ACTIVE) { id } }`, Role.MARKETING_OPS);
    const ambassadors = Array.from({ length: AMBASSADORS }, (_, i) => ({ id: randomUUID(), code: `BENCH${String(i).padStart(4, '0')}` }));
    await db.query(
      `INSERT INTO ambassadors (id, program_id, status, display_name, customer_email_hash, country, referral_code, activated_at)
       SELECT id, $2, 'ACTIVE', 'Bench', repeat('0', 64), 'US', code, now() FROM unnest($1::uuid[], $3::text[]) AS a(id, code)`,
      [ambassadors.map((a) => a.id), programId, ambassadors.map((a) => a.code)],
    );
    const slugs: string[] = [];
    for (const a of ambassadors.slice(0, PROMOTING)) slugs.push((await graphql(`mutation { createReferralLink(campaignId: "${campaign.id}") { id slug } }`, Role.AMBASSADOR, a.id)).slug as string);

    const lines: string[] = [];
    const figures: Record<string, unknown> = { bench: 'tracking', topology };
    const receivedNow = async () => Number((await db.query('SELECT coalesce(sum(received), 0)::bigint AS n FROM link_daily_clicks')).rows[0].n);

    // Every click so far stored, the count still for longer than the click consumer waits to
    // fill a fetch (a second), or the next phase would count the last of them as its own.
    // How long after `since` the count stopped moving.
    const allStored = async (atLeast: number, since: number): Promise<number> => {
      let last = -1;
      let stillSince = Date.now();
      await waitFor(async () => {
        const n = await receivedNow();
        if (n !== last) {
          process.stdout.write(`  stored ${n} clicks of at least ${atLeast}\r`);
          last = n;
          stillSince = Date.now();
        }
        return n >= atLeast && Date.now() - stillSince >= 2500;
      }, { description: 'the load phase\'s clicks stored', timeoutMs: 300_000, intervalMs: 250 });
      return Math.max(0, stillSince - since);
    };

    // 1. Redirect throughput beside the bare server, each after a warm-up (the broker is as fresh as the
    // services: its JIT compiler was still busy two seconds into the load).
    if (phases.has('redirect')) {
      const redirectUrl = `http://127.0.0.1:${redirectPortUsed}/r/${slugs[0]}`;
      const bareSide: SideSpec = { label: 'bare node http 302', url: `http://127.0.0.1:${barePort}/r/${slugs[0]}`, cpu: [processCpu('bare server', bareServer)] };
      const sides: Side[] = [];
      const outcome: string[] = [];
      let answered = 0;
      let bare: Side;
      let alone: Side | undefined;

      if (!countingServer) {
        // Split: the redirect replica alone, as where the counting runs on other machines: its
        // clicks wait in Kafka (as with Postgres down) and are counted once the counting replica
        // starts. Its slices alternate with the bare server's, so load from elsewhere on the
        // machine falls on both alike.
        const aloneSide: SideSpec = { label: 'GET /r/:slug, counting off', url: redirectUrl, cpu: [processCpu('redirect replica', redirectServer), KAFKA_CPU] };
        [bare, alone] = await measureSides([bareSide, aloneSide]);
        sides.push(bare, alone);
        answered += alone.answeredInAll;
        const startedAt = Date.now();
        await startCounting();
        const backlogMs = await allStored(answered, startedAt);
        outcome.push(`${answered} clicks waiting in Kafka all stored ${(backlogMs / 1000).toFixed(1)} s after the counting replica was started (its start included)`);
      } else {
        [bare] = await measureSides([bareSide]);
        sides.push(bare);
      }

      const counted = countingServer !== redirectServer;
      const [redirect] = await measureSides([
        {
          label: counted ? 'GET /r/:slug, counting on' : 'campaigns GET /r/:slug',
          url: redirectUrl,
          cpu: everyProcessCpu(),
        },
      ]);
      sides.push(redirect);
      answered += redirect.answeredInAll;
      const drainMs = await allStored(answered, Date.now());
      outcome.push(`the clicks counted meanwhile all stored ${(drainMs / 1000).toFixed(1)} s after the load ended`);

      const ratioOf = (side: Side) => side.requestsPerSecond / bare.requestsPerSecond;
      const rows = [['', 'req/s', 'p50 ms', 'p99 ms', 'answers', 'CPU µs/answer', 'steal'], ...sides.map(sideRow)];
      for (const cells of rows) lines.push(cells.map((cell, i) => String(cell).padEnd(i === 0 ? 30 : i === 5 ? 16 : 12)).join(''));
      const ratios = alone
        ? `${ratioOf(alone).toFixed(2)} with the clicks left to a counting replica elsewhere, ${ratioOf(redirect).toFixed(2)} with them counted on these same two cores`
        : ratioOf(redirect).toFixed(2);
      lines.push(`redirect / bare throughput: ${ratios} (target ≥ 0.5); redirect p99 ${[alone?.p99, redirect.p99].filter((p) => p !== undefined).join(' and ')} ms (target < 25); errors ${redirect.errors + (alone?.errors ?? 0)}`);
      lines.push(`CPU µs per answer: ${sides.map((side) => `${side.label}: ${cpuBreakdown(side.cpuUs)}`).join('; ')}`);
      lines.push(...outcome);
      Object.assign(figures, {
        bareRequestsPerSecond: Math.round(bare.requestsPerSecond),
        bareP50Ms: bare.p50,
        bareP99Ms: bare.p99,
        ...(alone ? { aloneRequestsPerSecond: Math.round(alone.requestsPerSecond), aloneRatio: +ratioOf(alone).toFixed(3), aloneP50Ms: alone.p50, aloneP99Ms: alone.p99 } : {}),
        redirectRequestsPerSecond: Math.round(redirect.requestsPerSecond),
        ratio: +ratioOf(redirect).toFixed(3),
        redirectP50Ms: redirect.p50,
        redirectP99Ms: redirect.p99,
        cpuUsPerAnswer: Object.fromEntries(sides.map((side) => [side.label, side.cpuUs])),
        stealShare: +Math.max(...sides.map((side) => side.steal ?? 0)).toFixed(2),
      });
    }
    await startCounting();

    // 2. Click → counted at a steady offered load, from many addresses.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const get = (slug: string, address: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port: redirectPortUsed, path: `/r/${slug}`, agent, headers: { 'user-agent': 'Mozilla/5.0 bench', 'x-forwarded-for': address } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
      });
    if (phases.has('clicks')) {
      const baseline = await receivedNow();
      const sentAt: number[] = [];
      const counted: Array<{ at: number; n: number }> = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const n = await receivedNow().catch(() => undefined);
          if (n === undefined) return;
          counted.push({ at: Date.now(), n: n - baseline });
          await sleep(20);
        }
      })();
      const perTick = Math.round(clickRate / 100);
      const ticks = clickSeconds * 100;
      const clicksCpu = cpuWindow(everyProcessCpu());
      const offeredStart = Date.now();
      const answers: Array<Promise<number>> = [];
      for (let tick = 0; tick < ticks; tick++) {
        const wait = offeredStart + tick * 10 - Date.now();
        if (wait > 0) await sleep(wait);
        for (let i = 0; i < perTick; i++) {
          const n = tick * perTick + i;
          // A click exists from its 302 on (a request still queued in this client is not a click yet).
          answers.push(
            get(slugs[n % slugs.length], `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`).then((status) => {
              sentAt.push(Date.now());
              return status;
            }),
          );
        }
      }
      const statuses = await Promise.all(answers);
      const offeredMs = Date.now() - offeredStart;
      const clicks = answers.length;
      sentAt.sort((x, y) => x - y);
      await waitFor(
        async () => {
          const n = counted.length > 0 ? counted[counted.length - 1].n : 0;
          process.stdout.write(`  counted ${n} of ${clicks} steady clicks (${statuses.filter((s) => s === 302).length} answered 302)\r`);
          return n >= clicks;
        },
        { description: 'the steady clicks counted', timeoutMs: 120_000, intervalMs: 500 },
      ).catch(async (error: unknown) => {
        // What the database is doing when the count stalls: the first thing to look at.
        const busy = await db.query(`SELECT state, wait_event_type, wait_event, left(query, 160) AS query, now() - query_start AS running FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()`);
        console.error(busy.rows);
        throw error;
      });
      const clicksCost = perUnit(clicksCpu(), answers.length);
      polling = false;
      await poller;
      agent.destroy();
      // The k-th click counted is matched with the k-th answered (clicks are counted about in order).
      const lags: number[] = [];
      let j = 0;
      for (let k = 0; k < clicks; k++) {
        while (j < counted.length && counted[j].n < k + 1) j++;
        if (j < counted.length) lags.push(counted[j].at - sentAt[k]);
      }

      lines.push(`click → counted at ${formatRate((clicks / offeredMs) * 1000)} offered (${clicks} clicks, ${statuses.filter((s) => s === 302).length} answered 302): p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms (target p99 < 2000)`);
      lines.push(`CPU µs per click (this client's polling included in postgres): ${cpuBreakdown(clicksCost.cpuUs)}; the machine's steal meanwhile ${stealText(clicksCost.steal)}`);
      Object.assign(figures, { clickRateOffered: Math.round((clicks / offeredMs) * 1000), clickToCountedP50Ms: percentile(lags, 50), clickToCountedP99Ms: percentile(lags, 99) });
    }

    // 3. Orders attributed per second: the shop publishing onto shop.order.v1.
    if (phases.has('orders')) {
      // The ambassadors with links promote them: a visit to each (the clicks phase may have
      // brought them already). The rest, whose codes sell without a click, are the leaked codes
      // the fraud rules flag once ten customers used one.
      const visitsFrom = await receivedNow();
      await Promise.all(slugs.map((slug, n) => get(slug, `192.0.2.${n}`)));
      await allStored(visitsFrom + slugs.length, Date.now());
      const placedAt = new Date().toISOString();
      const orders: OrderPlacedPayload[] = Array.from({ length: orderCount }, (_, n) => ({
        orderId: `bench-${n}-${randomUUID()}`,
        programId,
        customerId: `customer-${n}`,
        customerEmailHash: hashEmail(`customer-${n}@bench.example`),
        amountMinor: 5_000 + (n % 100) * 10,
        currency: 'USD',
        items: [{ sku: 'TEE', quantity: 1, unitAmountMinor: 5_000 + (n % 100) * 10 }],
        discountCode: ambassadors[n % AMBASSADORS].code,
        placedAt,
      }));
      const conversionsNow = async () => Number((await db.query('SELECT count(*)::int AS n FROM conversions').then((r) => r.rows[0].n)));
      const ordersCpu = cpuWindow(everyProcessCpu());
      const ordersStart = Date.now();
      for (let i = 0; i < orders.length; i += 1000) {
        await bus.publish(
          orders.slice(i, i + 1000).map((payload) => messageFor(OrderPlaced, envelopeFor(OrderPlaced, payload, 'bench-shop'))),
        );
      }
      const publishedMs = Date.now() - ordersStart;
      await waitFor(async () => (await conversionsNow()) >= orderCount, { description: 'the orders attributed', timeoutMs: 300_000 });
      const ordersMs = Date.now() - ordersStart;
      const { cpuUs, steal } = perUnit(ordersCpu(), orderCount);
      const summary = (await db.query(`SELECT count(*) FILTER (WHERE c.outcome = 'ATTRIBUTED')::int AS attributed, count(m.id)::int AS commissions, coalesce(sum(m.amount_minor), 0)::bigint AS paid,
           (SELECT count(*)::int FROM fraud_flags WHERE order_id IS NOT NULL) AS flagged FROM conversions c LEFT JOIN commissions m ON m.conversion_id = c.id`)).rows[0] as { attributed: number; commissions: number; paid: string; flagged: number };

      lines.push(`orders attributed: ${formatRate((orderCount / ordersMs) * 1000)} (${orderCount} in ${(ordersMs / 1000).toFixed(1)} s, published in ${(publishedMs / 1000).toFixed(1)} s; ${summary.attributed} attributed, ${summary.commissions} commissions, ${summary.paid} paid in minor units, ${summary.flagged} orders flagged by the fraud rules) (target ≥ 2,000/s)`);
      lines.push(`CPU µs per order: ${cpuBreakdown(cpuUs)}; the machine's steal meanwhile ${stealText(steal)}`);
      Object.assign(figures, { ordersAttributedPerSecond: Math.round((orderCount / ordersMs) * 1000), cpuUsPerOrder: cpuUs, ordersStealShare: steal === undefined ? undefined : +steal.toFixed(2) });
    }

    for (const line of lines) console.log(line);
    if (pgStatements) for (const line of ['Postgres statements by total time:', ...(await infra.topStatements())]) console.log(line);
    console.log(JSON.stringify(figures));
  } finally {
    await bus.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
    await infra.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:tracking failed: ${error instanceof Error ? error.message : String(error)}`);
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(1);
  },
);
