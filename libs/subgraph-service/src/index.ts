export { EMBEDDED_DATABASE_URL, EMBEDDED_KAFKA_BROKERS, loadSubgraphServiceConfig } from './service-config';
export type { SubgraphServiceConfig } from './service-config';
export { InjectSubgraphConfig, subgraphAppModule, SubgraphServiceModule } from './subgraph-service.module';
export type { SubgraphAppOptions, SubgraphServiceOptions } from './subgraph-service.module';
export { startSubgraphService } from './start-subgraph-service';
export { ProgramRecords, programRecordsProviders } from './program-records';
export type { ProgramRecord } from './program-records';
export { programSettingsResolver } from './program-settings.resolver';
export type { ProgramSettingsOptions } from './program-settings.resolver';
