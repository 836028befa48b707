import { ApolloGatewayDriver, ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { TokenVerifier } from '@streetteam/auth';
import { HealthRegistry, JsonLogger, Metrics, PlatformModule } from '@streetteam/platform';
import type { GatewayConfig } from './gateway-config';
import { gatewayGraphQLOptions } from './gateway-graphql-options';
import { subgraphReadinessCheck } from './health/subgraph-readiness';

const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** Ready only when every subgraph of the supergraph is ready. */
@Injectable()
class SubgraphReadinessChecks implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    for (const [name, url] of Object.entries(this.config.subgraphUrls)) {
      this.health.register(`subgraph:${name}`, subgraphReadinessCheck(url));
    }
  }
}

export interface GatewayModuleOptions {
  /** Deepest field nesting accepted; 10 by default. */
  maxDepth?: number;
  /** Highest query cost accepted; 1000 by default. */
  maxCost?: number;
  /** Where log lines go; stdout by default (tests capture them). */
  writeLog?: (line: string) => void;
}

/** The gateway: owns no data; composes the subgraphs and checks identity at the door. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, options: GatewayModuleOptions = {}): DynamicModule {
    const { writeLog, ...limits } = options;
    return {
      module: GatewayModule,
      imports: [
        // No resolvers here, so no validation pipe; GraphQL requests are labelled as such in metrics.
        PlatformModule.forRoot({
          service: 'gateway',
          logLevel: config.logLevel,
          validationPipe: false,
          metrics: { graphqlPath: '/graphql' },
          writeLog,
        }),
        GraphQLModule.forRootAsync<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          inject: [Metrics, JsonLogger],
          useFactory: (metrics: Metrics, logger: JsonLogger) =>
            gatewayGraphQLOptions({ config, verifier: new TokenVerifier(config.auth), metrics, logger, ...limits }),
        }),
      ],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, SubgraphReadinessChecks],
    };
  }
}
