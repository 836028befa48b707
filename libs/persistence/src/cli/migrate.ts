/**
 * Runs or reverts a service's migrations from its DataSource file:
 *   node -r @swc-node/register libs/persistence/src/cli/migrate.ts apps/enrollment/src/data-source.ts [run|revert]
 * (nx run enrollment:migrate / enrollment:migrate:revert). Services also migrate themselves at start-up.
 */
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ensureSchema, migrateWithLock } from '../service-data-source';

async function main(): Promise<void> {
  const [file, action = 'run'] = process.argv.slice(2);
  if (!file || !['run', 'revert'].includes(action)) {
    console.error('usage: migrate <data-source.ts> [run|revert]');
    process.exit(2);
  }
  const loaded = (await import(path.resolve(file))) as { default: DataSource };
  const dataSource = loaded.default;
  const { url, schema } = dataSource.options as { url: string; schema: string };
  await ensureSchema(url, schema);
  await dataSource.initialize();
  try {
    if (action === 'run') {
      await migrateWithLock(dataSource, schema);
    } else {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    const pending = await dataSource.showMigrations();
    console.log(`${schema}: ${action === 'run' ? 'migrated' : 'reverted the last migration'}${pending ? ' (migrations pending)' : ''}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
