import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { authConfigFromEnv } from '@streetteam/auth';
import { ConfigError, loadConfig, port } from '@streetteam/platform';
import { DEV_STRIPE_SECRET_KEY, DEV_STRIPE_WEBHOOK_SECRET, stripeSettingsFromEnv } from '@streetteam/stripe';
import { devDataDir } from './dev-secrets';

/** The subgraph services, in the order they are listed, with the variables that move them. */
export const SUBGRAPH_SERVICES = [
  { name: 'enrollment', portVariable: 'ENROLLMENT_PORT', urlVariable: 'ENROLLMENT_URL', defaultPort: 4001 },
  { name: 'campaigns', portVariable: 'CAMPAIGNS_PORT', urlVariable: 'CAMPAIGNS_URL', defaultPort: 4002 },
  { name: 'payouts', portVariable: 'PAYOUTS_PORT', urlVariable: 'PAYOUTS_URL', defaultPort: 4003 },
  { name: 'recovery', portVariable: 'RECOVERY_PORT', urlVariable: 'RECOVERY_URL', defaultPort: 4004 },
] as const;

// Fixed: libs/subgraph-service's EMBEDDED_DATABASE_URL and EMBEDDED_KAFKA_BROKERS name
// them, so a service started by hand finds what `npm start` runs.
export const EMBEDDED_POSTGRES = { port: 54329, database: 'streetteam' };
export const EMBEDDED_KAFKA = { port: 9092, controllerPort: 9093 };

/** The Stripe emulator's default port (stripe-mock's 12111 is left to stripe-mock). */
export const DEFAULT_STRIPE_EMULATOR_PORT = 4242;

/** Where payouts serves Stripe's webhooks; the emulator POSTs there. */
export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

/**
 * Which Stripe the services talk to. With nothing set, the launcher runs the emulator;
 * with STRIPE_API_URL, that server (an emulator or stripe-mock run elsewhere); with only
 * STRIPE_SECRET_KEY, real Stripe. In both of the last cases it starts no emulator.
 */
export type StripePlan =
  | { mode: 'emulator'; port: number; portVariableSet: boolean; webhookSecret: string }
  | { mode: 'external'; description: string };

export const USAGE = 'usage: npm start -- [--fresh] [--no-demo]';

export interface ServicePlan {
  name: string;
  port: number;
  /** The variable that moves it: ENROLLMENT_PORT, …, GATEWAY_PORT. */
  portVariable: string;
  /** apps/<name>/src/main.ts, relative to the repo root. */
  main: string;
  /** The gateway's variable for this subgraph's URL (none for the gateway itself). */
  urlVariable?: string;
}

export interface DevConfig {
  root: string;
  /** .local/dev unless STREETTEAM_DEV_DIR says otherwise. */
  devDir: string;
  /** Wipe the Postgres and Kafka data before starting. */
  fresh: boolean;
  /** Create the demo program once the gateway is up. */
  demo: boolean;
  /** Only services whose main.ts exists. */
  services: ServicePlan[];
  gateway: ServicePlan;
  /** Set when DATABASE_URL / KAFKA_BROKERS point at existing servers: we start none. */
  databaseUrl?: string;
  kafkaBrokers?: string;
  /** Unset when AUTH_DEV_SIGNING_KEY or AUTH_JWKS_URL is given: the launcher makes its own key. */
  needsDevKey: boolean;
  stripe: StripePlan;
}

const envSchema = z.object({
  ENROLLMENT_PORT: port(4001),
  CAMPAIGNS_PORT: port(4002),
  PAYOUTS_PORT: port(4003),
  RECOVERY_PORT: port(4004),
  GATEWAY_PORT: port(4000),
  STRIPE_EMULATOR_PORT: port(DEFAULT_STRIPE_EMULATOR_PORT),
});

/**
 * Reads the launcher's flags and environment. Anything wrong throws a ConfigError whose
 * one-line message names every bad flag or variable, before anything has started.
 */
export function readDevConfig(argv: readonly string[], env: NodeJS.ProcessEnv, root: string): DevConfig {
  const flags = parseFlags(argv);
  const ports = loadConfig(envSchema, env);
  const problems: string[] = [];

  const stripe = planStripe(env, ports.STRIPE_EMULATOR_PORT, problems);
  const all: Array<[string, number]> = [
    ...SUBGRAPH_SERVICES.map(({ portVariable }): [string, number] => [portVariable, ports[portVariable]]),
    ['GATEWAY_PORT', ports.GATEWAY_PORT],
    ...(stripe.mode === 'emulator' ? [['STRIPE_EMULATOR_PORT', stripe.port] as [string, number]] : []),
  ];
  for (const [variable, value] of all) {
    const first = all.find(([, other]) => other === value);
    if (first && first[0] !== variable) problems.push(`${variable} must differ from ${first[0]} (both ${value})`);
  }
  if (env.AUTH_DEV_SIGNING_KEY || env.AUTH_JWKS_URL) {
    // The services would each refuse a bad key; better to say so once, now.
    try {
      authConfigFromEnv(env);
    } catch (error) {
      problems.push((error instanceof Error ? error.message : String(error)).replace(/^Invalid auth configuration: /, ''));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const plan = (name: string, portVariable: string, port: number, urlVariable?: string): ServicePlan => ({
    name,
    port,
    portVariable,
    main: path.join('apps', name, 'src', 'main.ts'),
    urlVariable,
  });
  return {
    root,
    devDir: devDataDir(root, env),
    fresh: flags.fresh,
    demo: flags.demo,
    services: SUBGRAPH_SERVICES.map(({ name, portVariable, urlVariable }) =>
      plan(name, portVariable, ports[portVariable], urlVariable),
    ).filter(
      (service) => existsSync(path.join(root, service.main)),
    ),
    gateway: plan('gateway', 'GATEWAY_PORT', ports.GATEWAY_PORT),
    databaseUrl: env.DATABASE_URL || undefined,
    kafkaBrokers: env.KAFKA_BROKERS || undefined,
    needsDevKey: !env.AUTH_DEV_SIGNING_KEY && !env.AUTH_JWKS_URL,
    stripe,
  };
}

function planStripe(env: NodeJS.ProcessEnv, emulatorPort: number, problems: string[]): StripePlan {
  const apiUrl = env.STRIPE_API_URL?.trim();
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const external = Boolean(apiUrl) || Boolean(secretKey);
  // The services would each refuse a bad Stripe setting; say so once, before anything starts.
  try {
    stripeSettingsFromEnv(external ? env : { ...env, STRIPE_SECRET_KEY: DEV_STRIPE_SECRET_KEY, STRIPE_API_URL: 'http://127.0.0.1:1' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (apiUrl) return { mode: 'external', description: `${apiUrl} (STRIPE_API_URL given: starting no emulator)` };
  if (secretKey) return { mode: 'external', description: 'real Stripe (STRIPE_SECRET_KEY given, no STRIPE_API_URL: starting no emulator)' };
  return {
    mode: 'emulator',
    port: emulatorPort,
    portVariableSet: Boolean(env.STRIPE_EMULATOR_PORT?.trim()),
    // Not trimmed: whitespace could be part of a signing secret.
    webhookSecret: env.STRIPE_WEBHOOK_SECRET?.trim() ? env.STRIPE_WEBHOOK_SECRET : DEV_STRIPE_WEBHOOK_SECRET,
  };
}

function parseFlags(argv: readonly string[]): { fresh: boolean; demo: boolean } {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { fresh: { type: 'boolean' }, 'no-demo': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    return { fresh: values.fresh ?? false, demo: !values['no-demo'] };
  } catch (error) {
    throw new ConfigError([`${error instanceof Error ? error.message : String(error)}; ${USAGE}`]);
  }
}
