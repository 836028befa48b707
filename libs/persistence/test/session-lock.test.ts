import { DataSource } from 'typeorm';
import { testDatabaseUrl, uniqueName, waitFor } from '@streetteam/testing';
import { sessionLockKey, withSessionLock } from '../src';

/** A promise and the function that settles it, to hold a lock exactly as long as a test wants. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
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
    const held = gate();
    const inside = gate();
    const holding = withSessionLock(first, name, { wait: false }, async () => {
      inside.open();
      await held.opened;
      return 'first';
    });
    await inside.opened;

    let secondRan = false;
    const refused = await withSessionLock(second, name, { wait: false }, async () => (secondRan = true));
    expect(refused).toEqual({ locked: false });
    expect(secondRan).toBe(false);

    held.open();
    expect(await holding).toEqual({ locked: true, value: 'first' });
    expect(await withSessionLock(second, name, { wait: false }, async () => 'second')).toEqual({ locked: true, value: 'second' });
  });

  it('with wait, queues behind the holder instead of giving up', async () => {
    const held = gate();
    const inside = gate();
    const order: string[] = [];
    const holding = withSessionLock(first, name, { wait: false }, async () => {
      inside.open();
      await held.opened;
      order.push('first done');
    });
    await inside.opened;
    const waiting = withSessionLock(second, name, { wait: true }, async () => order.push('second ran'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(order).toEqual([]);
    held.open();
    await Promise.all([holding, waiting]);
    expect(order).toEqual(['first done', 'second ran']);
  });

  it('lets go when the work throws', async () => {
    await expect(withSessionLock(first, name, { wait: false }, async () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    expect(await withSessionLock(second, name, { wait: false }, async () => 'after')).toEqual({ locked: true, value: 'after' });
  });

  it('is dropped by Postgres when the holder\'s connection dies, as when its process is killed', async () => {
    const held = gate();
    const inside = gate();
    const holding = withSessionLock(first, name, { wait: false }, async () => {
      inside.open();
      await held.opened;
      return 'never finishes cleanly';
    });
    await inside.opened;
    // pg_locks shows a bigint advisory key as its high and low 32 bits.
    const key = BigInt.asUintN(64, BigInt(sessionLockKey(name)));
    const killed = await second.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = $2::oid AND objsubid = 1`, [
      String(key >> 32n),
      String(key & 0xffffffffn),
    ]);
    expect(killed).toHaveLength(1);
    await waitFor(async () => (await withSessionLock(second, name, { wait: false }, async () => true)).locked, { description: 'the lock freed by the dead connection' });
    held.open();
    await expect(holding).rejects.toThrow();
  });
});
