import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { GraphQLValidationPipe } from '../graphql/graphql-validation.pipe';
import { HealthController } from '../health/health.controller';
import { HealthOptions, HealthRegistry } from '../health/health-registry';
import { CorrelationMiddleware } from '../logging/correlation.middleware';
import { JsonLogger } from '../logging/json-logger';
import { LogLevelName } from '../logging/log-level';
import { HTTP_METRICS_OPTIONS, HttpMetricsMiddleware, HttpMetricsOptions } from '../metrics/http-metrics.middleware';
import { Metrics, MetricsOptions } from '../metrics/metrics';
import { MetricsController } from '../metrics/metrics.controller';

export interface PlatformModuleOptions {
  /** Service name on log lines and metrics. */
  service: string;
  /** LOG_LEVEL; info by default. */
  logLevel?: LogLevelName;
  metrics?: Omit<MetricsOptions, 'service'> & HttpMetricsOptions;
  health?: HealthOptions;
  /** Installs GraphQLValidationPipe as the global pipe; true by default. */
  validationPipe?: boolean;
  /** Where log lines go; stdout by default (tests capture them). */
  writeLog?: (line: string) => void;
}

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');

/**
 * What makes a Nest app a well-behaved StreetTeam service: JsonLogger, Metrics and
 * HealthRegistry for injection anywhere, GET /metrics, /health/live and /health/ready,
 * and the correlation and HTTP metrics middleware on every route.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { graphqlPath, ...metricsOptions } = options.metrics ?? {};
    const pipes = options.validationPipe ?? true ? [{ provide: APP_PIPE, useClass: GraphQLValidationPipe }] : [];
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        {
          provide: JsonLogger,
          useFactory: () => new JsonLogger({ service: options.service, level: options.logLevel, write: options.writeLog }),
        },
        { provide: Metrics, useFactory: () => new Metrics({ service: options.service, ...metricsOptions }) },
        { provide: HealthRegistry, useFactory: () => new HealthRegistry(options.health) },
        { provide: HTTP_METRICS_OPTIONS, useValue: { graphqlPath } satisfies HttpMetricsOptions },
        CorrelationMiddleware,
        HttpMetricsMiddleware,
        ...pipes,
      ],
      exports: [PLATFORM_OPTIONS, JsonLogger, Metrics, HealthRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Correlation first, so everything after it (metrics, guards, Apollo) runs inside it.
    consumer.apply(CorrelationMiddleware, HttpMetricsMiddleware).forRoutes('*');
  }
}
