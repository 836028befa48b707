import { z } from 'zod';
import { AuthConfig, authConfigFromEnv } from '@streetteam/auth';
import { ConfigError, csvList, loadConfig, logLevel, nodeEnv, port, url } from '@streetteam/platform';

/** The embedded Postgres `npm start` runs; DATABASE_URL points elsewhere. */
export const EMBEDDED_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54329/streetteam';
export const EMBEDDED_KAFKA_BROKERS = ['127.0.0.1:9092'];

export interface SubgraphServiceConfig {
  service: string;
  production: boolean;
  nodeEnv: z.infer<typeof nodeEnv>;
  logLevel: z.infer<typeof logLevel>;
  host: string;
  port: number;
  /** Whose X-Forwarded-For is believed: the gateway's address (loopback when it runs on this host). */
  trustProxy: string;
  databaseUrl: string;
  /** The service's own schema; its name by default (tests give each file its own). */
  databaseSchema: string;
  kafkaBrokers: string[];
  kafkaTopicPrefix?: string;
  auth: AuthConfig;
}

/**
 * Reads one subgraph service's settings from the environment. A missing or bad
 * value throws a ConfigError whose single line names it (runService prints it).
 */
export function loadSubgraphServiceConfig(
  service: string,
  defaultPort: number,
  env: NodeJS.ProcessEnv = process.env,
): SubgraphServiceConfig {
  const portVariable = `${service.toUpperCase()}_PORT`;
  const shared = z.object({
    NODE_ENV: nodeEnv,
    LOG_LEVEL: logLevel,
    HOST: z.string().default('127.0.0.1'),
    TRUST_PROXY: z.string().default('loopback'),
    DATABASE_URL: url({ default: EMBEDDED_DATABASE_URL, protocols: ['postgres', 'postgresql'] }),
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase SQL identifier').default(service),
    KAFKA_BROKERS: csvList(EMBEDDED_KAFKA_BROKERS),
    KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/, 'may hold only letters, digits, ".", "_" and "-"').optional(),
  });
  // The port's variable is named after the service, so TypeScript can't know the key.
  const schema = shared.extend({ [portVariable]: port(defaultPort) }) as unknown as z.ZodType<
    z.infer<typeof shared> & Record<string, number>,
    z.ZodTypeDef,
    unknown
  >;
  const settings = loadConfig(schema, env);
  let auth: AuthConfig;
  try {
    auth = authConfigFromEnv(env);
  } catch (error) {
    throw new ConfigError([error instanceof Error ? error.message : String(error)]);
  }
  return {
    service,
    production: settings.NODE_ENV === 'production',
    nodeEnv: settings.NODE_ENV,
    logLevel: settings.LOG_LEVEL,
    host: settings.HOST,
    trustProxy: settings.TRUST_PROXY,
    port: settings[portVariable] as number,
    databaseUrl: settings.DATABASE_URL,
    databaseSchema: settings.DATABASE_SCHEMA,
    kafkaBrokers: settings.KAFKA_BROKERS,
    kafkaTopicPrefix: settings.KAFKA_TOPIC_PREFIX,
    auth,
  };
}
