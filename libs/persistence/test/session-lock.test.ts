import { DataSource } from 'typeorm';
import { testDatabaseUrl, uniqueName, waitFor } from '@streetteam/testing';
import { SessionLockResult, sessionLockKey, withSessionLock } from '../src';

/** A promise and the function that settles it, to hold a lock exactly as long as a test wants. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** `dataSource` takes the lock and keeps it until release(); resolves once it holds it. `last` runs just before it lets go. */
async function holdLock<T>(dataSource: DataSource, name: string, last: () => T): Promise<{ release: () => void; outcome: Promise<SessionLockResult<T>> }> {
  const released = gate();
  const inside = gate();
  const outcome = withSessionLock(dataSource, name, { wait: false }, async () => {
    inside.open();
    await released.opened;
    return last();
  });
  await inside.opened;
  return { release: released.open, outcome };
}

describe('withSessionLock on a real Postgres', () => {
  // Two processes' worth of connections: a session lock is per connection, so one pool could stand for both.
  let first: DataSource;
  let second: DataSource;
  let name: string;

  beforeAll(async () => {
    first = await new DataSource({ type: 'postgres', url: testDatabaseUrl(), poolSize: 3 }).initialize();
    second = await new DataSource({ type: 'postgres', url: testDatabaseUrl(), poolSize: 3 }).initialize();
  });

  beforeEach(() => {
    name = uniqueName('lock');
  });

  afterAll(async () => {
    await first.destroy();
    await second.destroy();
  });

  it('keeps a second holder out while the first runs, and lets it in after', async () => {
    const holder = await holdLock(first, name, () => 'first');

    let secondRan = false;
    const refused = await withSessionLock(second, name, { wait: false }, async () => (secondRan = true));
    expect(refused).toEqual({ locked: false });
    expect(secondRan).toBe(false);

    holder.release();
    expect(await holder.outcome).toEqual({ locked: true, value: 'first' });
    expect(await withSessionLock(second, name, { wait: false }, async () => 'second')).toEqual({ locked: true, value: 'second' });
  });

  it('with wait, queues behind the holder instead of giving up', async () => {
    const order: string[] = [];
    const holder = await holdLock(first, name, () => order.push('first done'));
    const waiting = withSessionLock(second, name, { wait: true }, async () => order.push('second ran'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(order).toEqual([]);
    holder.release();
    await Promise.all([holder.outcome, waiting]);
    expect(order).toEqual(['first done', 'second ran']);
  });

  it('lets go when the work throws', async () => {
    await expect(withSessionLock(first, name, { wait: false }, async () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    expect(await withSessionLock(second, name, { wait: false }, async () => 'after')).toEqual({ locked: true, value: 'after' });
  });

  it('is dropped by Postgres when the holder\'s connection dies, as when its process is killed', async () => {
    const holder = await holdLock(first, name, () => 'never finishes cleanly');
    // pg_locks shows a bigint advisory key as its high and low 32 bits.
    const key = BigInt.asUintN(64, BigInt(sessionLockKey(name)));
    const killed = await second.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = $2::oid AND objsubid = 1`, [
      String(key >> 32n),
      String(key & 0xffffffffn),
    ]);
    expect(killed).toHaveLength(1);
    await waitFor(async () => (await withSessionLock(second, name, { wait: false }, async () => true)).locked, { description: 'the lock freed by the dead connection' });
    holder.release();
    await expect(holder.outcome).rejects.toThrow();
  });
});
