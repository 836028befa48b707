export {
  assertSchemaName,
  ensureSchema,
  migrateWithLock,
  openServiceDatabase,
  serviceDataSourceOptions,
} from './service-data-source';
export type { ServiceDatabaseOptions } from './service-data-source';
export { assertTestDatabase } from './test-database-guard';
