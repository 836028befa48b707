export {
  assertSchemaName,
  ensureSchema,
  migrateWithLock,
  openServiceDatabase,
  serviceDataSourceOptions,
} from './service-data-source';
export type { ServiceDatabaseOptions } from './service-data-source';
export { returning } from './returning';
export { sessionLockKey, withSessionLock } from './session-lock';
export type { SessionLockResult } from './session-lock';
