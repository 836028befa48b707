import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics } from '@streetteam/contracts';
import { dropSchema, kafkaBrokers, testDatabaseUrl, uniqueName, waitFor } from '@streetteam/testing';
import { EventConsumer, KafkaBus, MessagingObserver, Outbox, OutboxRelay, silentObserver } from '../src';
import { openBackboneSchema, ProgramCreated, programPayload } from './fixtures/backbone';

/** What a consumer reported about its lag, as the metrics would hold it. */
class LagSeen implements MessagingObserver {
  readonly lag = new Map<string, number>();
  held: string[] = [];
  eventHandled = silentObserver.eventHandled;
  outboxState = silentObserver.outboxState;
  consumerLag(_group: string, topic: string, partition: number, lag: number): void {
    this.lag.set(`${topic}:${partition}`, lag);
  }
  consumerPartitions(_group: string, held: Array<{ topic: string; partition: number }>): void {
    this.held = held.map((h) => `${h.topic}:${h.partition}`).sort();
    for (const key of this.lag.keys()) if (!this.held.includes(key)) this.lag.delete(key);
  }
  total(): number {
    return [...this.lag.values()].reduce((a, b) => a + b, 0);
  }
}

describe('consumer lag on a real Kafka', () => {
  const schema = uniqueName('lag');
  let dataSource: DataSource;
  let bus: KafkaBus;
  const outbox = new Outbox('lag-test');
  const running: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    dataSource = await openBackboneSchema(testDatabaseUrl(), schema, 6);
  });

  beforeEach(async () => {
    bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: schema, topicPrefix: `${uniqueName('topics')}.` });
    await bus.ensureTopics([{ name: Topics.enrollmentPrograms, partitions: 3 }]);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    await bus.close();
    await dataSource.query('DELETE FROM outbox');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropSchema(testDatabaseUrl(), schema);
  });

  async function publish(count: number): Promise<void> {
    await dataSource.transaction((manager) => outbox.appendAll(manager, ProgramCreated, Array.from({ length: count }, () => programPayload(randomUUID()))));
    const relay = new OutboxRelay({ dataSource, bus, service: schema, idleDelayMs: 10 });
    relay.start();
    running.push(relay);
  }

  async function startConsumer(group: string, observer: LagSeen, handle: () => Promise<void>): Promise<EventConsumer> {
    const consumer = new EventConsumer({ bus, dataSource, group, observer, lagIntervalMs: 200 }).on(ProgramCreated, handle);
    await consumer.start();
    running.push(consumer);
    return consumer;
  }

  it('shows the lag of a consumer stuck in its handler growing to every message waiting, though no batch ends', async () => {
    const group = uniqueName('stuck');
    const seen = new LagSeen();
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    await startConsumer(group, seen, () => stuck);
    await waitFor(async () => seen.held.length === 3, { description: 'the consumer holding the three partitions' });
    await publish(30);
    await waitFor(async () => seen.total() === 30, { description: 'the lag of all 30 events reported', timeoutMs: 20_000 });
    release();
    await waitFor(async () => seen.total() === 0, { description: 'the lag back to nothing once the handler goes on', timeoutMs: 20_000 });
  });

  it('stops reporting the partitions a rebalance gave to another member, and reports none once stopped', async () => {
    const group = uniqueName('shared');
    const first = new LagSeen();
    const firstConsumer = await startConsumer(group, first, async () => undefined);
    await waitFor(async () => first.held.length === 3, { description: 'the first member holding the three partitions' });
    await publish(9);
    await waitFor(async () => first.lag.size === 3 && first.total() === 0, { description: 'the first member reporting each partition caught up', timeoutMs: 20_000 });

    const second = new LagSeen();
    await startConsumer(group, second, async () => undefined);
    await waitFor(async () => first.held.length + second.held.length === 3 && second.held.length > 0, { description: 'the partitions shared after the rebalance', timeoutMs: 30_000 });
    expect([...first.held, ...second.held].sort()).toEqual([0, 1, 2].map((p) => `${Topics.enrollmentPrograms}:${p}`));
    // Several looks at the broker later, the first member still reports only what it holds.
    const reported: string[] = [];
    const report = first.consumerLag.bind(first);
    first.consumerLag = (group, topic, partition, lag) => {
      reported.push(`${topic}:${partition}`);
      report(group, topic, partition, lag);
    };
    await waitFor(async () => reported.length >= first.held.length * 3, { description: 'three more looks at the lag' });
    expect(reported.every((key) => first.held.includes(key))).toBe(true);

    await firstConsumer.stop();
    expect(first.held).toEqual([]);
    expect(first.lag.size).toBe(0);
  });
});
