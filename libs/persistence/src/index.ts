export {
  assertSchemaName,
  ensureSchema,
  migrateWithLock,
  openServiceDatabase,
  serviceDataSourceOptions,
} from './service-data-source';
export type { ServiceDatabaseOptions } from './service-data-source';
export { returning } from './returning';
export { assertTestDatabase } from './test-database-guard';
