import { execFile, fork } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { portAnswers, startKafka } from '@streetteam/local-infra';
import { EMBEDDED_KAFKA, EMBEDDED_POSTGRES } from './dev-config';
import type { PostgresHostMessage } from './postgres-host';

/** A server the launcher runs (or found already running, and then leaves alone). */
export interface DevServer {
  name: 'postgres' | 'kafka' | 'stripe';
  /** What to show: the URL or broker list, and whether it was already there. */
  description: string;
  stop(): Promise<void>;
}

export interface DevPostgres extends DevServer {
  url: string;
}

export interface DevKafka extends DevServer {
  brokers: string;
  /** Ends the broker without waiting (second Ctrl-C). */
  kill(): void;
}

const pgDataDir = (devDir: string): string => path.join(devDir, 'pg');
const kafkaDataDir = (devDir: string): string => path.join(devDir, 'kafka');

/**
 * `--fresh`: deletes the data of the servers about to start (and the old logs). A
 * server still running on that data (left by a launcher that was killed) is not
 * deleted from under its feet: the caller is told to stop it first.
 */
export async function wipeDevData(devDir: string, which: { postgres: boolean; kafka: boolean; stripe: boolean }): Promise<void> {
  const busy: string[] = [];
  if (which.postgres && (await portAnswers(EMBEDDED_POSTGRES.port))) busy.push(`postgres on 127.0.0.1:${EMBEDDED_POSTGRES.port}`);
  if (which.kafka && (await portAnswers(EMBEDDED_KAFKA.port))) busy.push(`kafka on 127.0.0.1:${EMBEDDED_KAFKA.port}`);
  if (busy.length > 0) {
    throw new Error(`--fresh: ${busy.join(' and ')} still running from an earlier start; stop it, then retry`);
  }
  const targets = [path.join(devDir, 'logs')];
  if (which.stripe) targets.push(path.join(devDir, 'stripe-emulator.json'));
  if (which.postgres) targets.push(pgDataDir(devDir), `${pgDataDir(devDir)}.log`);
  if (which.kafka) targets.push(kafkaDataDir(devDir));
  await Promise.all(targets.map((target) => rm(target, { recursive: true, force: true })));
}

/** Embedded Postgres on 54329 with the `streetteam` database, run by infra/dev/postgres-host.ts. */
export async function startDevPostgres(root: string, devDir: string, logDir: string): Promise<DevPostgres> {
  const reused = await portAnswers(EMBEDDED_POSTGRES.port);
  const logFile = path.join(logDir, 'postgres-host.log');
  const out = openSync(logFile, 'w');
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const host = fork(
    path.join(__dirname, 'postgres-host.ts'),
    [pgDataDir(devDir), String(EMBEDDED_POSTGRES.port), EMBEDDED_POSTGRES.database],
    { cwd: root, env, execArgv: ['-r', '@swc-node/register'], detached: true, stdio: ['ignore', out, out, 'ipc'] },
  );
  closeSync(out);
  const exited = new Promise<void>((resolve) => host.once('exit', () => resolve()));

  const message = await new Promise<PostgresHostMessage>((resolve) => {
    host.once('message', (received) => resolve(received as PostgresHostMessage));
    void exited.then(() => resolve({ ready: false, error: `postgres host exited during start-up (see ${logFile})` }));
  });
  if (!message.ready) throw new Error(message.error);
  return {
    name: 'postgres',
    url: message.url,
    description: `127.0.0.1:${EMBEDDED_POSTGRES.port}/${EMBEDDED_POSTGRES.database}${reused ? ' (already running: reused)' : ''}`,
    stop: async () => {
      if (host.exitCode !== null || host.signalCode !== null) return;
      host.send('stop');
      const timer = setTimeout(() => host.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The single-node KRaft broker on 9092, started through infra/kafka/kafka.sh (jars fetched once). */
export async function startDevKafka(
  root: string,
  devDir: string,
  logDir: string,
  say: (line: string) => void,
): Promise<DevKafka> {
  const dataDir = kafkaDataDir(devDir);
  const reused = await portAnswers(EMBEDDED_KAFKA.port);
  const log = createWriteStream(path.join(logDir, 'kafka.log'), { flags: 'w' });
  const running = await startKafka({
    dataDir,
    port: EMBEDDED_KAFKA.port,
    controllerPort: EMBEDDED_KAFKA.controllerPort,
    log: (line) => {
      log.write(`${line}\n`);
      // The first start downloads the broker's jars: say why it takes a while.
      if (/fetching/i.test(line)) say(line);
    },
  });
  const script = path.join(root, 'infra', 'kafka', 'kafka.sh');
  return {
    name: 'kafka',
    brokers: running.brokers.join(','),
    description: `${running.brokers.join(',')}${reused ? ' (already running: reused)' : ''}`,
    // Stops the broker running from our data dir, if any: the one we started, or one a
    // killed launcher left behind and this run reused. Any other broker is left alone.
    stop: async () => {
      await promisify(execFile)('bash', [script, 'stop', '--data', dataDir, '--timeout', '20']).catch(() => undefined);
      log.end();
    },
    kill: () => {
      try {
        process.kill(Number(readFileSync(path.join(dataDir, 'kafka.pid'), 'utf8')), 'SIGTERM');
      } catch {
        // No broker of ours is running.
      }
    },
  };
}
