import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { LoggerService } from '@nestjs/common';
import type { Request } from 'express';
import { JsonLogger } from '../logging/json-logger';
import { Metrics } from '../metrics/metrics';
import { costLimitRule, DEFAULT_MAX_COST } from './cost-limit.rule';
import { DEFAULT_MAX_DEPTH, depthLimitRule } from './depth-limit.rule';
import { formatGraphQLError } from './format-graphql-error';
import { graphqlMetricsPlugin } from './graphql-metrics.plugin';

export interface SubgraphGraphQLOptions {
  /** Service name, for logs. */
  service: string;
  /** Where the generated subgraph SDL is written (composition reads it); in memory when omitted. */
  schemaFile?: string;
  /** Production: no introspection, no landing page, no stack traces, no schema hints in errors. */
  production: boolean;
  /** Deepest field nesting accepted; 10 by default. */
  maxDepth?: number;
  /** Highest query cost accepted (see costLimitRule); 1000 by default. */
  maxCost?: number;
  /** Records streetteam_graphql_operations_total when given. */
  metrics?: Metrics;
  /** Where internal errors are logged; a JsonLogger for the service by default. */
  logger?: LoggerService;
  /** Mount path; /graphql by default. */
  path?: string;
}

/**
 * The options every subgraph passes to GraphQLModule (driver included), e.g.
 * ```ts
 * GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
 *   driver: ApolloFederationDriver,
 *   inject: [Metrics, JsonLogger],
 *   useFactory: (metrics: Metrics, logger: JsonLogger) =>
 *     subgraphGraphQLOptions({ service: 'campaigns', schemaFile: 'apps/campaigns/schema.graphql', production, metrics, logger }),
 * })
 * ```
 */
export function subgraphGraphQLOptions(options: SubgraphGraphQLOptions): ApolloFederationDriverConfig {
  const { production } = options;
  // Inline (ftv1) traces are for Apollo Studio, which StreetTeam does not use; off, they
  // cannot leak resolver timings and errors to whoever asks for them.
  const plugins: ApolloServerPlugin<BaseContext>[] = [ApolloServerPluginInlineTraceDisabled()];
  // Sandbox for developers; production gets Nest's "landing page disabled" via playground: false.
  if (!production) plugins.push(ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }));
  if (options.metrics) plugins.push(graphqlMetricsPlugin(options.metrics));
  return {
    driver: ApolloFederationDriver,
    path: options.path ?? '/graphql',
    autoSchemaFile: options.schemaFile ? { path: options.schemaFile, federation: 2 } : { federation: 2 },
    sortSchema: true,
    context: ({ req }: { req: Request }) => ({ req }),
    introspection: !production,
    playground: false,
    plugins,
    validationRules: [depthLimitRule(options.maxDepth ?? DEFAULT_MAX_DEPTH), costLimitRule(options.maxCost ?? DEFAULT_MAX_COST)],
    formatError: formatGraphQLError(production, options.logger ?? new JsonLogger({ service: options.service })),
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
  };
}
