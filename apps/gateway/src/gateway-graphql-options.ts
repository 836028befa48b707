import type { Logger } from '@apollo/utils.logger';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloGatewayDriver, ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { TokenVerifier } from '@streetteam/auth';
import {
  costLimitRule,
  DEFAULT_MAX_COST,
  DEFAULT_MAX_DEPTH,
  depthLimitRule,
  formatGraphQLError,
  graphqlMetricsPlugin,
  JsonLogger,
  Metrics,
} from '@streetteam/platform';
import type { GatewayConfig } from './gateway-config';
import { gatewayContext } from './identity/identity-check';
import { SubgraphDataSource } from './supergraph/subgraph-data-source';

export interface GatewayGraphQLOptions {
  config: GatewayConfig;
  verifier: TokenVerifier;
  metrics: Metrics;
  logger: JsonLogger;
  maxDepth?: number;
  maxCost?: number;
}

/**
 * Apollo Gateway over the composed supergraph (never discovery at run time: what runs
 * is what composition checked), with the same limits, error masking and production
 * lock-down as every subgraph, plus the identity check before planning.
 */
export function gatewayGraphQLOptions(options: GatewayGraphQLOptions): ApolloGatewayDriverConfig {
  const { config, logger } = options;
  const { production } = config;
  const plugins: ApolloServerPlugin<BaseContext>[] = [graphqlMetricsPlugin(options.metrics)];
  // Sandbox for developers; production gets Nest's "landing page disabled" via playground: false.
  if (!production) plugins.push(ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }));
  return {
    driver: ApolloGatewayDriver,
    gateway: {
      supergraphSdl: config.supergraphSdl,
      buildService: ({ name }) => {
        const url = config.subgraphUrls[name];
        // loadGatewayConfig checked every subgraph of the supergraph has a URL.
        if (url === undefined) throw new Error(`no URL configured for subgraph "${name}"`);
        // Node's own fetch (undici): the default make-fetch-happen builds a stack trace
        // and a TLS context per request (agent-base), measurable in test/bench/gateway.
        return new SubgraphDataSource({ url, fetcher: fetch });
      },
      logger: apolloLogger(logger, 'ApolloGateway'),
    },
    server: {
      path: '/graphql',
      context: gatewayContext(options.verifier),
      introspection: !production,
      playground: false,
      plugins,
      validationRules: [depthLimitRule(options.maxDepth ?? DEFAULT_MAX_DEPTH), costLimitRule(options.maxCost ?? DEFAULT_MAX_COST)],
      formatError: formatGraphQLError(production, logger),
      includeStacktraceInErrorResponses: !production,
      hideSchemaDetailsFromClientErrors: production,
      logger: apolloLogger(logger, 'ApolloServer'),
    },
  };
}

function apolloLogger(logger: JsonLogger, context: string): Logger {
  return {
    debug: (message) => logger.debug(message, context),
    info: (message) => logger.log(message, context),
    warn: (message) => logger.warn(message, context),
    error: (message) => logger.error(message, context),
  };
}
