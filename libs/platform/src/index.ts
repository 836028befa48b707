// Config
export { ConfigError } from './config/config-error';
export { loadConfig } from './config/load-config';
export { runService, startupFailureLine } from './config/run-service';
export type { RunServiceIo } from './config/run-service';
export { port, integer, url, csvList, bool, secret, nodeEnv, logLevel, isSecretField } from './config/env-fields';
export type { EnvField, NodeEnv, UrlOptions, SecretOptions } from './config/env-fields';
export { scrubSecrets, isSecretKey, REDACTED } from './secrets';

// Logging and correlation
export { JsonLogger } from './logging/json-logger';
export type { JsonLoggerOptions } from './logging/json-logger';
export { LOG_LEVELS } from './logging/log-level';
export type { LogLevelName } from './logging/log-level';
export { redact } from './logging/redact';
export {
  CORRELATION_HEADER,
  runWithCorrelation,
  currentCorrelation,
  newCorrelationId,
  isValidCorrelationId,
} from './logging/correlation';
export type { CorrelationContext } from './logging/correlation';
export { CorrelationMiddleware, correlationMiddleware } from './logging/correlation.middleware';

// Metrics
export { Metrics } from './metrics/metrics';
export type { MetricsOptions } from './metrics/metrics';
export { HttpMetricsMiddleware, httpMetricsMiddleware, HTTP_METRICS_OPTIONS } from './metrics/http-metrics.middleware';
export type { HttpMetricsOptions } from './metrics/http-metrics.middleware';
export { MetricsController } from './metrics/metrics.controller';

// Health
export { HealthRegistry } from './health/health-registry';
export type { ReadinessCheck, CheckResult, ReadinessReport, HealthOptions } from './health/health-registry';
export { HealthController } from './health/health.controller';

// GraphQL
export { subgraphGraphQLOptions } from './graphql/subgraph-options';
export { MinorUnits } from './graphql/minor-units.scalar';
export type { SubgraphGraphQLOptions } from './graphql/subgraph-options';
export { depthLimitRule, DEFAULT_MAX_DEPTH } from './graphql/depth-limit.rule';
export { costLimitRule, DEFAULT_MAX_COST } from './graphql/cost-limit.rule';
export type { CostLimitOptions } from './graphql/cost-limit.rule';
export { formatGraphQLError } from './graphql/format-graphql-error';
export type { GraphQLErrorFormatter } from './graphql/format-graphql-error';
export { CLIENT_ERROR_CODES, QUERY_TOO_COMPLEX, isClientErrorCode } from './graphql/graphql-error-codes';
export type { ClientErrorCode } from './graphql/graphql-error-codes';
export { GraphQLValidationPipe, fieldProblemsOf, badUserInputError } from './graphql/graphql-validation.pipe';
export type { FieldProblems } from './graphql/graphql-validation.pipe';
export { graphqlMetricsPlugin } from './graphql/graphql-metrics.plugin';
export { FeatureException, graphqlExceptionFilter } from './graphql/graphql-exception-filter';
export type { CodedException } from './graphql/graphql-exception-filter';
export type { GraphQLMetricsOptions } from './graphql/graphql-metrics.plugin';

// Nest wiring and bootstrap
export { PlatformModule, PLATFORM_OPTIONS } from './app/platform.module';
export { PeriodicJob, periodicJobProvider } from './jobs/periodic-job';
export type { PeriodicJobOptions } from './jobs/periodic-job';
export type { PlatformModuleOptions } from './app/platform.module';
export { createServiceApp } from './app/create-service-app';
export type { ServiceAppOptions } from './app/create-service-app';
