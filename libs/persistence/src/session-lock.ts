import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A lock name's 64-bit advisory key: the first 8 bytes of its SHA-256, so names don't collide the way 32-bit hashtext keys can. */
export const sessionLockKey = (name: string): string => createHash('sha256').update(name).digest().readBigInt64BE(0).toString();

export type SessionLockResult<T> = { locked: true; value: T } | { locked: false };

/**
 * Runs `work` while this process holds the session advisory lock `name`, on a connection
 * of its own kept for the whole run: the lock outlives the transactions `work` opens, and
 * Postgres drops it if the process dies. `wait: true` queues behind the holder; otherwise
 * a held lock answers { locked: false } at once and `work` does not run.
 */
export async function withSessionLock<T>(dataSource: DataSource, name: string, options: { wait: boolean }, work: () => Promise<T>): Promise<SessionLockResult<T>> {
  const key = sessionLockKey(name);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (options.wait) await runner.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    else {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key])) as Array<{ locked: boolean }>;
      if (!locked) return { locked: false };
    }
    try {
      return { locked: true, value: await work() };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    }
  } finally {
    await runner.release();
  }
}
