import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AuthConfig, authConfigFromEnv } from '@streetteam/auth';
import { ConfigError, loadConfig, logLevel, LogLevelName, NodeEnv, nodeEnv, port, url } from '@streetteam/platform';
import { supergraphSubgraphs } from './supergraph/supergraph-subgraphs';

/** The subgraphs the gateway knows how to reach, each with the variable that moves it. */
export const SUBGRAPH_URL_VARIABLES = {
  enrollment: 'ENROLLMENT_URL',
  campaigns: 'CAMPAIGNS_URL',
  payouts: 'PAYOUTS_URL',
  recovery: 'RECOVERY_URL',
} as const;

export type SubgraphName = keyof typeof SUBGRAPH_URL_VARIABLES;

export const DEFAULT_SUBGRAPH_URLS: Record<SubgraphName, string> = {
  enrollment: 'http://127.0.0.1:4001/graphql',
  campaigns: 'http://127.0.0.1:4002/graphql',
  payouts: 'http://127.0.0.1:4003/graphql',
  recovery: 'http://127.0.0.1:4004/graphql',
};

export const DEFAULT_SUPERGRAPH_FILE = 'apps/gateway/supergraph.graphql';

const HTTP = ['http', 'https'];

const gatewayEnvSchema = z.object({
  NODE_ENV: nodeEnv,
  LOG_LEVEL: logLevel,
  GATEWAY_PORT: port(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  ENROLLMENT_URL: url({ default: DEFAULT_SUBGRAPH_URLS.enrollment, protocols: HTTP }),
  CAMPAIGNS_URL: url({ default: DEFAULT_SUBGRAPH_URLS.campaigns, protocols: HTTP }),
  PAYOUTS_URL: url({ default: DEFAULT_SUBGRAPH_URLS.payouts, protocols: HTTP }),
  RECOVERY_URL: url({ default: DEFAULT_SUBGRAPH_URLS.recovery, protocols: HTTP }),
  SUPERGRAPH_FILE: z.string().trim().min(1).default(DEFAULT_SUPERGRAPH_FILE),
});

export interface GatewayConfig {
  nodeEnv: NodeEnv;
  production: boolean;
  logLevel: LogLevelName;
  host: string;
  port: number;
  /** Composed supergraph SDL, read from SUPERGRAPH_FILE at start-up. */
  supergraphSdl: string;
  supergraphFile: string;
  /** Where each subgraph named in the supergraph is reached, by subgraph name. */
  subgraphUrls: Record<string, string>;
  auth: AuthConfig;
}

/**
 * Reads and checks the gateway's settings, including the supergraph file and that every
 * subgraph it names has a URL. Throws one ConfigError naming every bad variable.
 */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): GatewayConfig {
  const problems: string[] = [];
  const settings = collect(problems, () => loadConfig(gatewayEnvSchema, env));
  const auth = collect(problems, () => authConfigFromEnv(env));
  if (settings === undefined || auth === undefined) throw new ConfigError(problems);

  const supergraphFile = resolve(cwd, settings.SUPERGRAPH_FILE);
  const supergraphSdl = readSupergraph(supergraphFile, settings.SUPERGRAPH_FILE);
  const configured: Record<SubgraphName, string> = {
    enrollment: settings.ENROLLMENT_URL,
    campaigns: settings.CAMPAIGNS_URL,
    payouts: settings.PAYOUTS_URL,
    recovery: settings.RECOVERY_URL,
  };
  const subgraphUrls: Record<string, string> = {};
  for (const { name } of supergraphSubgraphs(supergraphSdl)) {
    if (!isSubgraphName(name)) {
      throw new ConfigError([
        `SUPERGRAPH_FILE names subgraph "${name}", which has no URL variable (known: ${Object.keys(SUBGRAPH_URL_VARIABLES).join(', ')})`,
      ]);
    }
    subgraphUrls[name] = configured[name];
  }
  return {
    nodeEnv: settings.NODE_ENV,
    production: settings.NODE_ENV === 'production',
    logLevel: settings.LOG_LEVEL,
    host: settings.HOST,
    port: settings.GATEWAY_PORT,
    supergraphSdl,
    supergraphFile,
    subgraphUrls,
    auth,
  };
}

function isSubgraphName(name: string): name is SubgraphName {
  return Object.prototype.hasOwnProperty.call(SUBGRAPH_URL_VARIABLES, name);
}

// Both loaders report in their own words; gathered, an operator fixes everything in one go.
function collect<T>(problems: string[], load: () => T): T | undefined {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) problems.push(...error.problems);
    else problems.push(String(error instanceof Error ? error.message : error).replace(/^Invalid auth configuration: /, ''));
    return undefined;
  }
}

function readSupergraph(path: string, shown: string): string {
  let sdl: string;
  try {
    sdl = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([`SUPERGRAPH_FILE cannot be read (got "${shown}"); run npm run supergraph`]);
  }
  try {
    supergraphSubgraphs(sdl);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`SUPERGRAPH_FILE is not a composed supergraph (got "${shown}": ${reason.split('\n')[0]})`]);
  }
  return sdl;
}
