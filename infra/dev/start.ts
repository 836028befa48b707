// `npm start`: the whole of StreetTeam on this machine. Postgres and Kafka (embedded,
// unless DATABASE_URL / KAFKA_BROKERS point elsewhere), the four subgraph services, the
// gateway, and the demo program. Ctrl-C stops it all, the gateway first. See README.md.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ALL_ROLES, mintToken, Role } from '@streetteam/auth';
import { repoRoot, portAnswers } from '@streetteam/local-infra';
import { ConfigError } from '@streetteam/platform';
import { DEV_STRIPE_SECRET_KEY } from '@streetteam/stripe';
import { ensureDemoProgram } from './demo-data';
import { DevConfig, readDevConfig, ServicePlan } from './dev-config';
import { DevKafka, DevServer, startDevKafka, startDevPostgres, wipeDevData } from './dev-infra';
import { devSigningKey } from './dev-secrets';
import { startDevStripe } from './dev-stripe';
import { describeExit, isErrorLevel, readLogLine, RunningService, ServiceExit, ServiceExitedError } from './services';
import { composeDevSupergraph } from './supergraph';

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 20_000;

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const complain = (line: string): void => void process.stderr.write(`${line}\n`);
const elapsed = (since = 0): number => Math.round(performance.now() - since);
const status = (what: string, detail: string): void => say(`  ${what.padEnd(11)} ${detail}`);

/** Thrown at a checkpoint once shutdown has begun: start-up simply stops there. */
class Interrupted extends Error {}

class Launcher {
  private readonly abort = new AbortController();
  private readonly servers: DevServer[] = [];
  private kafka?: DevKafka;
  private infraStarting?: Promise<unknown>;
  private services: RunningService[] = [];
  private gateway?: RunningService;
  private stopping?: Promise<void>;
  /** The emulator's URL when the launcher runs it. */
  private stripeUrl?: string;

  constructor(private readonly config: DevConfig) {}

  private get logDir(): string {
    return path.join(this.config.devDir, 'logs');
  }

  async start(): Promise<void> {
    const { config } = this;
    say(`StreetTeam dev launcher: data and logs in ${path.relative(config.root, config.devDir) || '.'}`);
    if (config.fresh) {
      await wipeDevData(config.devDir, { postgres: !config.databaseUrl, kafka: !config.kafkaBrokers, stripe: config.stripe.mode === 'emulator' });
      status('--fresh', 'wiped the data of the servers it runs (Postgres, Kafka, Stripe emulator)');
    }
    mkdirSync(this.logDir, { recursive: true });
    await this.refuseTakenPorts([...config.services, config.gateway]);
    if (config.services.length === 0) throw new Error('no service to run: no apps/<service>/src/main.ts exists');

    const { databaseUrl, kafkaBrokers, stripeEnv } = await this.startInfra();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...stripeEnv,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: kafkaBrokers,
    };
    if (config.needsDevKey) env.AUTH_DEV_SIGNING_KEY = devSigningKey(config.devDir);

    this.services = config.services.map((plan) => this.spawn(plan, env));
    await Promise.all(this.services.map((service) => this.awaitReady(service)));

    const gatewayEnv: NodeJS.ProcessEnv = { ...env, [config.gateway.portVariable]: String(config.gateway.port) };
    for (const { plan, url } of this.services) if (plan.urlVariable) gatewayEnv[plan.urlVariable] = url;
    if (!process.env.SUPERGRAPH_FILE) {
      gatewayEnv.SUPERGRAPH_FILE = path.join(config.devDir, 'supergraph.graphql');
      composeDevSupergraph(config.root, config.services.map(({ name }) => name), gatewayEnv.SUPERGRAPH_FILE);
    }
    this.checkpoint();
    this.gateway = this.spawn(config.gateway, gatewayEnv);
    await this.awaitReady(this.gateway);
    const readyMs = elapsed();

    if (config.demo) await this.demoData(this.gateway.url, env);
    say('');
    say(`StreetTeam is ready in ${readyMs} ms: ${this.gateway.url}`);
    say(`  token      npm run -s token -- --role MARKETING_OPS   (or ${ALL_ROLES.filter((role) => role !== Role.MARKETING_OPS).join(', ')})`);
    if (this.stripeUrl) say(`  stripe     ${this.stripeUrl}  (emulator; drive it: ${this.stripeUrl}/_emulator/stats, see libs/stripe-emulator/README.md)`);
    say(`  logs       ${path.relative(config.root, this.logDir)}/<service>.log`);
    say('  stop       Ctrl-C');
  }

  /** Ctrl-C or SIGTERM: stop in order; a second one stops at once. */
  interrupt(signal: NodeJS.Signals): void {
    if (this.stopping) {
      complain(`${signal} again: killing everything now`);
      for (const service of [this.gateway, ...this.services]) service?.kill();
      // Postgres stops itself when this process is gone (see postgres-host.ts).
      this.kafka?.kill();
      process.exit(130);
    }
    say(`\n${signal}: stopping (again to force)`);
    void this.shutdown(0);
  }

  /** Start-up failed: explain, stop whatever started, exit 1. */
  fail(error: unknown): void {
    // Once shutdown has begun, its cause was reported; what fails after is its consequence.
    if (this.stopping) return;
    // A service that died has already shown its last lines (watch()).
    if (!(error instanceof ServiceExitedError)) {
      complain(`npm start: ${error instanceof Error ? error.message : String(error)}`);
    }
    void this.shutdown(1);
  }

  shutdown(code: number): Promise<void> {
    this.stopping ??= (async () => {
      this.abort.abort();
      if (this.gateway) await this.stopService(this.gateway);
      await Promise.all(this.services.map((service) => this.stopService(service)));
      // A server still starting is stopped once it has started (or failed to).
      await this.infraStarting;
      await Promise.all(
        this.servers.map((server) =>
          server.stop().then(
            () => status(server.name, 'stopped'),
            (error: unknown) => complain(`  could not stop ${server.name}: ${String(error)}`),
          ),
        ),
      );
      say(code === 0 ? 'stopped' : 'stopped after a failure');
      process.exit(code);
    })();
    return this.stopping;
  }

  private async startInfra(): Promise<{ databaseUrl: string; kafkaBrokers: string; stripeEnv: NodeJS.ProcessEnv }> {
    const { config } = this;
    const timed = async <T extends DevServer>(what: string, start: () => Promise<T>): Promise<T> => {
      const startedAt = performance.now();
      const server = await start();
      this.servers.push(server);
      status(what, `ready in ${String(elapsed(startedAt)).padStart(5)} ms  ${server.description}`);
      return server;
    };
    const postgres = config.databaseUrl
      ? Promise.resolve(config.databaseUrl)
      : timed('postgres', () => startDevPostgres(config.root, config.devDir, this.logDir)).then((pg) => pg.url);
    const kafka = config.kafkaBrokers
      ? Promise.resolve(config.kafkaBrokers)
      : timed('kafka', () => startDevKafka(config.root, config.devDir, this.logDir, (line) => status('kafka', line))).then(
          (broker) => {
            this.kafka = broker;
            return broker.brokers;
          },
        );
    // Payouts and recovery get the emulator's URL, the dev key and the webhook secret it
    // signs with; given STRIPE_* variables pass through to them untouched.
    const stripePlan = config.stripe;
    const payouts = config.services.find(({ name }) => name === 'payouts');
    const stripe: Promise<NodeJS.ProcessEnv> =
      stripePlan.mode === 'emulator'
        ? timed('stripe', () => startDevStripe(stripePlan, payouts?.port, config.devDir, this.logDir)).then((emulator) => {
            this.stripeUrl = emulator.url;
            return { STRIPE_API_URL: emulator.url, STRIPE_SECRET_KEY: DEV_STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: stripePlan.webhookSecret };
          })
        : Promise.resolve({});
    if (config.databaseUrl) status('postgres', 'DATABASE_URL (given: starting none)');
    if (config.kafkaBrokers) status('kafka', `${config.kafkaBrokers} (KAFKA_BROKERS given: starting none)`);
    if (stripePlan.mode === 'external') status('stripe', stripePlan.description);
    // All settle before anything is reported, so a failure of one never strands another.
    this.infraStarting = Promise.allSettled([postgres, kafka, stripe]);
    const [databaseUrl, kafkaBrokers, stripeEnv] = await Promise.all([postgres, kafka, stripe]).finally(() => this.infraStarting);
    this.checkpoint();
    return { databaseUrl, kafkaBrokers, stripeEnv };
  }

  private spawn(plan: ServicePlan, env: NodeJS.ProcessEnv): RunningService {
    this.checkpoint();
    const service = RunningService.start(plan, {
      root: this.config.root,
      logDir: this.logDir,
      env: { ...env, [plan.portVariable]: String(plan.port) },
      onLine: (from, line) => {
        const entry = readLogLine(line);
        if (isErrorLevel(entry)) complain(`  [${from.name}] ${entry.level} ${entry.text}`);
      },
    });
    void service.exited.then((exit) => this.watch(service, exit));
    return service;
  }

  /** A service that ends on its own takes everything down: a half-running stack misleads. */
  private watch(service: RunningService, exit: ServiceExit): void {
    if (this.stopping) return;
    complain(`\n${service.name} exited (${describeExit(exit)}); its last lines (${path.relative(this.config.root, this.logDir)}/${service.name}.log):`);
    for (const line of service.lastLines()) complain(`    ${readLogLine(line)?.text ?? line}`);
    void this.shutdown(1);
  }

  private async awaitReady(service: RunningService): Promise<void> {
    const ms = await service.waitReady(READY_TIMEOUT_MS, this.abort.signal);
    status(service.name, `ready in ${String(ms).padStart(5)} ms  ${service.url}  (pid ${service.pid})`);
  }

  private async stopService(service: RunningService): Promise<void> {
    if (service.hasExited) return;
    const startedAt = performance.now();
    const exit = await service.stop(STOP_GRACE_MS);
    status(service.name, `stopped in ${elapsed(startedAt)} ms (${describeExit(exit)})`);
  }

  private async refuseTakenPorts(plans: ServicePlan[]): Promise<void> {
    const taken = await Promise.all(plans.map(async (plan) => ((await portAnswers(plan.port)) ? plan : undefined)));
    const problems = taken
      .filter((plan): plan is ServicePlan => plan !== undefined)
      .map((plan) => `${plan.portVariable} ${plan.port} is in use (an earlier npm start still running?)`);
    if (problems.length > 0) throw new Error(problems.join('; '));
  }

  private async demoData(gatewayUrl: string, env: NodeJS.ProcessEnv): Promise<void> {
    const key = env.AUTH_DEV_SIGNING_KEY;
    if (!key) {
      status('demo data', 'skipped: AUTH_JWKS_URL is set, so there is no dev key to act with');
      return;
    }
    const token = await mintToken({ subject: 'dev:demo-data', roles: [Role.MARKETING_OPS], ttlSeconds: 300 }, key, {
      issuer: env.AUTH_ISSUER || undefined,
      audience: env.AUTH_AUDIENCE || undefined,
    });
    try {
      const outcome = await ensureDemoProgram(gatewayUrl, token);
      status('demo data', `program "Demo street team" ${outcome}`);
    } catch (error) {
      // The stack runs without it; say so loudly and keep going.
      complain(`  demo data   FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private checkpoint(): void {
    if (this.abort.signal.aborted) throw new Interrupted();
  }
}

function main(): void {
  const root = repoRoot();
  let config: DevConfig;
  try {
    config = readDevConfig(process.argv.slice(2), process.env, root);
  } catch (error) {
    // One line, no stack: the fix is in the message.
    complain(`npm start: ${error instanceof ConfigError ? error.message : String(error)}`);
    process.exit(1);
  }
  const launcher = new Launcher(config);
  process.on('SIGINT', () => launcher.interrupt('SIGINT'));
  process.on('SIGTERM', () => launcher.interrupt('SIGTERM'));
  launcher.start().catch((error: unknown) => launcher.fail(error));
}

main();
