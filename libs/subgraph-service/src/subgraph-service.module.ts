import { ApolloFederationDriverConfig } from '@nestjs/apollo';
import path from 'node:path';
import { DynamicModule, Inject, Injectable, Module, OnModuleInit, Type } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { AuthModule } from '@streetteam/auth';
import { KafkaBus, MESSAGING_OBSERVER, MessagingModule } from '@streetteam/messaging';
import { ensureSchema, migrateWithLock, serviceDataSourceOptions } from '@streetteam/persistence';
import { HealthRegistry, JsonLogger, Metrics, PlatformModule, subgraphGraphQLOptions } from '@streetteam/platform';
import { SubgraphServiceConfig } from './service-config';
import { SubgraphSchemaWriter } from './subgraph-schema-writer';

export interface SubgraphServiceOptions {
  config: SubgraphServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /** Where the subgraph SDL (with federation directives) is written for composition; not written when omitted (tests). */
  schemaFile?: string;
}

const SUBGRAPH_CONFIG = Symbol('SUBGRAPH_CONFIG');

/** Readiness means the service can reach its database and its broker. */
@Injectable()
class ReadinessChecks implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    private readonly dataSource: DataSource,
    private readonly bus: KafkaBus,
  ) {}

  onModuleInit(): void {
    this.health.register('database', () => this.dataSource.query('SELECT 1'));
    this.health.register('kafka', async () => {
      if (!(await this.bus.isReachable())) throw new Error('broker unreachable');
    });
  }
}

/**
 * Everything a subgraph service shares, wired once: JSON logs, metrics and health
 * (platform), default-deny authorization (auth), its own Postgres schema migrated at
 * start-up (persistence), the outbox relay and consumers (messaging), and an Apollo
 * Federation 2 subgraph with depth and cost limits. A service adds its feature modules.
 */
@Module({})
export class SubgraphServiceModule {
  static forRoot({ config, entities, migrations, schemaFile }: SubgraphServiceOptions): DynamicModule {
    const dataSourceOptions = serviceDataSourceOptions({
      url: config.databaseUrl,
      schema: config.databaseSchema,
      entities,
      migrations,
      applicationName: config.service,
    });
    return {
      module: SubgraphServiceModule,
      // Global, so the messaging module sees the observer and features see the config.
      global: true,
      imports: [
        PlatformModule.forRoot({ service: config.service, logLevel: config.logLevel }),
        AuthModule.forRoot(config.auth),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions,
          dataSourceFactory: async (options?: DataSourceOptions) => {
            await ensureSchema(config.databaseUrl, config.databaseSchema);
            const dataSource = await new DataSource(options ?? dataSourceOptions).initialize();
            await migrateWithLock(dataSource, config.databaseSchema);
            return dataSource;
          },
        }),
        MessagingModule.forRoot({
          service: config.service,
          brokers: config.kafkaBrokers,
          topicPrefix: config.kafkaTopicPrefix,
        }),
        GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
          driver: subgraphGraphQLOptions({ service: config.service, production: config.production }).driver,
          inject: [Metrics, JsonLogger],
          useFactory: (metrics: Metrics, logger: JsonLogger) => ({
            ...subgraphGraphQLOptions({ service: config.service, production: config.production, metrics, logger }),
            // Guards must also run on field and entity resolvers, or they would be unguarded.
            fieldResolverEnhancers: ['guards', 'filters'],
          }),
        }),
      ],
      providers: [
        { provide: SUBGRAPH_CONFIG, useValue: config },
        { provide: MESSAGING_OBSERVER, inject: [Metrics], useFactory: (metrics: Metrics) => metrics.messagingObserver() },
        ReadinessChecks,
        // Development writes the SDL for composition; production never writes into its install.
        ...(schemaFile && !config.production
          ? [{ provide: SubgraphSchemaWriter, inject: [GraphQLSchemaHost], useFactory: (host: GraphQLSchemaHost) => new SubgraphSchemaWriter(host, schemaFile) }]
          : []),
      ],
      exports: [SUBGRAPH_CONFIG, MESSAGING_OBSERVER],
    };
  }
}

/** Inject the service's validated config anywhere: `@InjectSubgraphConfig() config: SubgraphServiceConfig`. */
export const InjectSubgraphConfig = (): ParameterDecorator => Inject(SUBGRAPH_CONFIG);

export interface SubgraphAppOptions {
  /** The app's folder (apps/<service>); its schema.graphql is written there in development. */
  appDir: string;
  entities: SubgraphServiceOptions['entities'];
  migrations: SubgraphServiceOptions['migrations'];
  /** The service's feature modules. */
  features: Array<Type<unknown> | DynamicModule>;
  /** Tests boot many copies side by side and write no SDL. */
  writeSchema?: boolean;
}

/** A service's root module: the shared wiring plus its features. */
export function subgraphAppModule(module: Type<unknown>, config: SubgraphServiceConfig, options: SubgraphAppOptions): DynamicModule {
  return {
    module,
    imports: [
      SubgraphServiceModule.forRoot({
        config,
        entities: options.entities,
        migrations: options.migrations,
        schemaFile: options.writeSchema === false ? undefined : path.join(options.appDir, 'schema.graphql'),
      }),
      ...options.features,
    ],
  };
}
