import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { deadLetterTopic, Topics } from '@streetteam/contracts';
import { dropSchema, kafkaBrokers, readTopic, testDatabaseUrl, uniqueName, waitFor } from '@streetteam/testing';
import { DeadLetterHeaders, EventConsumer, KafkaBus, Outbox, OutboxRelay, replayDeadLetters, silentObserver } from '../src';
import { openBackboneSchema, ProgramCreated, programPayload } from './fixtures/backbone';

const run = promisify(execFile);

describe('the event backbone on a real Postgres and Kafka', () => {
  const schema = uniqueName('backbone');
  let topicPrefix: string;
  let dataSource: DataSource;
  let bus: KafkaBus;
  const outbox = new Outbox('backbone-test');
  const running: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    dataSource = await openBackboneSchema(testDatabaseUrl(), schema, 8);
  });

  // Each test gets topics of its own, so what one published never reaches another.
  beforeEach(async () => {
    topicPrefix = `${uniqueName('topics')}.`;
    bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: schema, topicPrefix });
    await bus.ensureTopics([{ name: Topics.enrollmentPrograms, partitions: 3 }]);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    await bus.close();
    await dataSource.query('DELETE FROM outbox');
    await dataSource.query('DELETE FROM programs_seen');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropSchema(testDatabaseUrl(), schema);
  });

  function startRelay(target: DataSource = dataSource): OutboxRelay {
    const relay = new OutboxRelay({ dataSource: target, bus, service: schema, idleDelayMs: 10 });
    relay.start();
    running.push(relay);
    return relay;
  }

  async function startConsumer(group: string, failWhen: (name: string) => boolean = () => false): Promise<EventConsumer> {
    const consumer = new EventConsumer({
      bus,
      dataSource,
      group,
      retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
    }).on(ProgramCreated, async (event, manager) => {
      if (failWhen(event.payload.name)) throw new Error(`cannot record program "${event.payload.name}"`);
      await manager.query('INSERT INTO programs_seen (program_id, name, event_id) VALUES ($1, $2, $3)', [
        event.payload.programId,
        event.payload.name,
        event.id,
      ]);
    });
    await consumer.start();
    running.push(consumer);
    return consumer;
  }

  async function countSeen(): Promise<number> {
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM programs_seen');
    return n;
  }

  async function pendingOutbox(): Promise<number> {
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM outbox');
    return n;
  }

  it('commits a state change and its event together, and a rollback leaves no event', async () => {
    await dataSource.transaction(async (manager) => {
      await outbox.append(manager, ProgramCreated, programPayload(undefined, 'kept'));
    });
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.append(manager, ProgramCreated, programPayload(undefined, 'rolled back'));
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');

    const rows = await dataSource.query('SELECT envelope FROM outbox');
    expect(rows.map((r: { envelope: string }) => JSON.parse(r.envelope).payload.name)).toEqual(['kept']);
  });

  it('stores each envelope of a batch as exactly its JSON, quotes, backslashes, line breaks and emoji included', async () => {
    const names = ['plain', 'say "hi"', 'back\\slash', 'two\nlines\ttab', 'café 🛹 \u2028', '{"looks":"like json"}'];
    const envelopes = await dataSource.transaction((manager) => outbox.appendAll(manager, ProgramCreated, names.map((name) => programPayload(undefined, name))));

    const rows = (await dataSource.query('SELECT event_id, key, lane, envelope, headers FROM outbox ORDER BY seq')) as Array<{ event_id: string; key: string; lane: number; envelope: string; headers: Record<string, string> }>;
    expect(rows.map((r) => r.envelope)).toEqual(envelopes.map((e) => JSON.stringify(e)));
    expect(rows.map((r) => JSON.parse(r.envelope).payload.name)).toEqual(names);
    expect(rows.map((r) => [r.event_id, r.key, r.headers['x-event-id']])).toEqual(envelopes.map((e) => [e.id, e.key, e.id]));
  });

  it('wakes the relay when a transaction that wrote events commits, not at its next look', async () => {
    // A minute between looks: only the commit can have woken it within the wait below.
    const relay = new OutboxRelay({ dataSource, bus, service: schema, outbox, idleDelayMs: 60_000 });
    relay.start();
    running.push(relay);
    await waitFor(async () => (await pendingOutbox()) === 0, { description: 'the relay idle', timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const programId = randomUUID();
    await dataSource.transaction((manager) => outbox.append(manager, ProgramCreated, programPayload(programId, 'woken')));
    await waitFor(async () => (await pendingOutbox()) === 0, { description: 'the event published after the commit', timeoutMs: 10_000 });
    const published = await readTopic<{ payload: { programId: string } }>(kafkaBrokers(), bus.topic(Topics.enrollmentPrograms), { count: 1 });
    expect(published.map((m) => m.value?.payload.programId)).toEqual([programId]);

    // A stopped relay no longer listens to the data source's commits.
    await relay.stop();
    expect(dataSource.subscribers).toHaveLength(0);
  });

  it('reads the outbox for the metrics every five seconds while it runs, even with nothing to publish, and not once stopped', async () => {
    const reads: Array<{ at: number; pending: number; oldest: number }> = [];
    const observer = { ...silentObserver, outboxState: (_service: string, pending: number, oldest: number) => void reads.push({ at: Date.now(), pending, oldest }) };
    const relay = new OutboxRelay({ dataSource, bus, service: schema, observer, idleDelayMs: 10 });
    relay.start();
    running.push(relay);
    await waitFor(async () => reads.length >= 2, { description: 'two reads of the empty outbox', timeoutMs: 15_000 });
    await relay.stop();
    const afterStop = reads.length;
    expect(reads.slice(0, 2).map(({ pending, oldest }) => ({ pending, oldest }))).toEqual([
      { pending: 0, oldest: 0 },
      { pending: 0, oldest: 0 },
    ]);
    expect(reads[1].at - reads[0].at).toBeGreaterThanOrEqual(4_900);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads).toHaveLength(afterStop);
  });

  it('refuses to write an event whose payload breaks its schema, naming the field', async () => {
    await expect(
      dataSource.transaction((manager) => outbox.append(manager, ProgramCreated, { ...programPayload(), currency: 'dollars' })),
    ).rejects.toThrow(/currency/);
    expect(await pendingOutbox()).toBe(0);
  });

  it('applies the effect exactly once when the relay is killed after publishing and before marking the rows sent', async () => {
    // One key, so the three events share a lane and leave in the one batch the relay dies after.
    const programId = randomUUID();
    const names = ['first', 'second', 'third'];
    await dataSource.transaction(async (manager) => {
      for (const name of names) await outbox.append(manager, ProgramCreated, programPayload(programId, name));
    });

    const child = run(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'fixtures/relay-that-dies.ts')], {
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), SCHEMA: schema, KAFKA_BROKERS: kafkaBrokers().join(','), TOPIC_PREFIX: topicPrefix },
    });
    await expect(child).rejects.toMatchObject({ signal: 'SIGKILL' });
    expect(await pendingOutbox()).toBe(3); // published, but never marked

    startRelay(); // the restarted relay publishes the same events again
    await startConsumer(uniqueName('exactly-once'));
    await waitFor(async () => (await pendingOutbox()) === 0, { timeoutMs: 30000, description: 'outbox drained after restart' });
    await waitFor(async () => (await countSeen()) === 3, { timeoutMs: 30000, description: 'three programs recorded' });

    const onKafka = await readTopic(kafkaBrokers(), bus.topic(Topics.enrollmentPrograms), { fromBeginning: true, count: 6, timeoutMs: 30000 });
    expect(new Set(onKafka.map((m) => (m.value as { id: string }).id)).size).toBe(3); // every event delivered twice…
    const seen = await dataSource.query('SELECT name FROM programs_seen ORDER BY name');
    expect(seen.map((r: { name: string }) => r.name)).toEqual(['first', 'second', 'third']); // …and applied once
  });

  it('dead-letters a poison event with its error, goes on, and applies it once when replayed after the fix', async () => {
    let fixed = false;
    const group = uniqueName('poison');
    await startConsumer(group, (name) => name === 'poison' && !fixed);
    await dataSource.transaction(async (manager) => {
      await outbox.append(manager, ProgramCreated, programPayload(undefined, 'before'));
      await outbox.append(manager, ProgramCreated, programPayload(undefined, 'poison'));
      await outbox.append(manager, ProgramCreated, programPayload(undefined, 'after'));
    });
    startRelay();

    await waitFor(async () => (await countSeen()) === 2, { timeoutMs: 30000, description: 'the healthy events handled' });
    const [letter] = await readTopic(kafkaBrokers(), bus.topic(deadLetterTopic(group)), { fromBeginning: true, count: 1, timeoutMs: 30000 });
    expect(letter.headers[DeadLetterHeaders.error]).toBe('cannot record program "poison"');
    expect(letter.headers[DeadLetterHeaders.originalTopic]).toBe(Topics.enrollmentPrograms);
    expect((letter.value as { payload: { name: string } }).payload.name).toBe('poison');

    fixed = true;
    expect(await replayDeadLetters(bus, group)).toEqual({ replayed: 1 });
    await waitFor(async () => (await countSeen()) === 3, { timeoutMs: 30000, description: 'the replayed event handled' });
    expect(await replayDeadLetters(bus, group)).toEqual({ replayed: 0 }); // a second replay finds nothing new
    const names = await dataSource.query('SELECT name FROM programs_seen ORDER BY name');
    expect(names.map((r: { name: string }) => r.name)).toEqual(['after', 'before', 'poison']);
  });

  it('dead-letters a message that is not a valid event, without retrying it', async () => {
    const group = uniqueName('garbage');
    await startConsumer(group);
    await bus.publish([{ topic: Topics.enrollmentPrograms, key: 'x', value: '{"not":"an envelope"}', headers: {} }]);
    const [letter] = await readTopic(kafkaBrokers(), bus.topic(deadLetterTopic(group)), { fromBeginning: true, count: 1, timeoutMs: 30000 });
    expect(letter.headers[DeadLetterHeaders.error]).toMatch(/^invalid envelope: id: Required/);
  });

  it('hands runs of events to a batch handler in the order they were written, each once', async () => {
    const programId = randomUUID();
    const names = Array.from({ length: 40 }, (_, i) => `n-${i}`);
    const received: string[] = [];
    const consumer = new EventConsumer({ bus, dataSource, group: uniqueName('batch') }).onBatch(ProgramCreated, async (events, manager) => {
      await manager.query('INSERT INTO programs_seen (program_id, name, event_id) SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[])', [
        events.map((e) => e.payload.programId),
        events.map((e) => e.payload.name),
        events.map((e) => e.id),
      ]);
      received.push(...events.map((e) => e.payload.name));
    });
    await consumer.start();
    running.push(consumer);
    await dataSource.transaction((manager) => outbox.appendAll(manager, ProgramCreated, names.map((name) => programPayload(programId, name))));
    startRelay();

    await waitFor(async () => (await countSeen()) === names.length, { timeoutMs: 30000, description: 'every event of the run recorded' });
    expect(received).toEqual(names);
  });

  it('finishes the event in hand before a consumer stops, and a relay stop waits for its batch', async () => {
    let entered!: () => void;
    const handling = new Promise<void>((resolve) => (entered = resolve));
    const consumer = new EventConsumer({ bus, dataSource, group: uniqueName('graceful') }).on(ProgramCreated, async (event, manager) => {
      entered();
      await new Promise((resolve) => setTimeout(resolve, 1000)); // slow work in flight when the stop comes
      await manager.query('INSERT INTO programs_seen (program_id, name, event_id) VALUES ($1, $2, $3)', [
        event.payload.programId,
        event.payload.name,
        event.id,
      ]);
    });
    await consumer.start();
    await dataSource.transaction((manager) => outbox.append(manager, ProgramCreated, programPayload(undefined, 'in flight')));
    const relay = new OutboxRelay({ dataSource, bus, service: schema, idleDelayMs: 10 });
    relay.start();
    await handling;
    await Promise.all([consumer.stop(), relay.stop()]);
    expect(await countSeen()).toBe(1);
    expect(await pendingOutbox()).toBe(0);
  });

  it('publishes every event exactly once and in order per key with two relays running at once', async () => {
    const replica = await openBackboneSchema(testDatabaseUrl(), schema, 4);
    const keys: string[] = Array.from({ length: 20 }, () => randomUUID());
    const perKey = 50;
    try {
      startRelay(dataSource);
      startRelay(replica);
      for (let n = 0; n < perKey; n++) {
        await dataSource.transaction(async (manager) => {
          for (const key of keys) await outbox.append(manager, ProgramCreated, programPayload(key, `n-${n}`));
        });
      }
      await waitFor(async () => (await pendingOutbox()) === 0, { timeoutMs: 60000, description: 'both relays drained the outbox' });
      const total = keys.length * perKey;
      const messages = await readTopic(kafkaBrokers(), bus.topic(Topics.enrollmentPrograms), { fromBeginning: true, count: total, timeoutMs: 60000 });
      const extra = await readTopic(kafkaBrokers(), bus.topic(Topics.enrollmentPrograms), { fromBeginning: true, timeoutMs: 2000 });
      expect(extra).toHaveLength(total); // nothing published twice
      const ours = messages.map((m) => m.value as { id: string; payload: { programId: string; name: string } });
      expect(new Set(ours.map((v) => v.id)).size).toBe(keys.length * perKey);
      for (const key of keys) {
        const order = ours.filter((v) => v.payload.programId === key).map((v) => Number(v.payload.name.slice(2)));
        expect(order).toEqual(Array.from({ length: perKey }, (_, i) => i));
      }
    } finally {
      await Promise.all(running.splice(0).map((r) => r.stop()));
      await replica.destroy();
    }
  });
});
