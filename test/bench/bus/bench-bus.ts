/**
 * npm run bench:bus [-- --events 50000 --writers 4 --batch 200 --latency-rate 5000 --latency-seconds 10]
 *
 * Drives N events through the whole backbone (outbox insert → relay → Kafka →
 * consumer with inbox and an effect row) and, on the same broker in the same run,
 * raw kafkajs produce → consume of the same messages. Prints events/s for both,
 * the ratio, and end-to-end latency p50/p99. Bounded: it stops by itself.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { ProgramCreated, Topics } from '@streetteam/contracts';
import { createMessagingTables, EventConsumer, KafkaBus, Outbox, OutboxRelay } from '@streetteam/messaging';
import { ensureSchema, migrateWithLock, serviceDataSourceOptions } from '@streetteam/persistence';
import { startBenchInfra } from '../support/bench-infra';
import { formatRate, percentile } from '../support/stats';

const args = new Map(process.argv.slice(2).map((arg, i, all) => [arg, all[i + 1]]));
const events = Number(args.get('--events') ?? 50_000);
const writers = Number(args.get('--writers') ?? 4);
const eventsPerTransaction = Number(args.get('--batch') ?? 200);
const latencyRate = Number(args.get('--latency-rate') ?? 5000);
const latencySeconds = Number(args.get('--latency-seconds') ?? 10);
const deadlineMs = 180_000;

class BenchTables1700000000001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner);
    await runner.query('CREATE TABLE programs_seen (program_id uuid PRIMARY KEY, latency_ms integer NOT NULL)');
  }
  async down(): Promise<void> {
    throw new Error('benchmark schema is thrown away, never reverted');
  }
}

function payload(n: number) {
  return { programId: randomUUID(), name: `bench ${n}`, currency: 'USD', guaranteeWindowDays: 30, createdAt: new Date().toISOString() };
}

function deadline<T>(what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not finish in ${deadlineMs / 1000} s`)), deadlineMs).unref()),
  ]);
}

async function backbone(databaseUrl: string, brokers: string[]) {
  const schema = 'bench_bus';
  await ensureSchema(databaseUrl, schema);
  const dataSource = new DataSource(
    serviceDataSourceOptions({ url: databaseUrl, schema, entities: [], migrations: [BenchTables1700000000001], poolSize: 20 }),
  );
  await dataSource.initialize();
  await migrateWithLock(dataSource, schema);
  const bus = new KafkaBus({ brokers, clientId: 'bench-bus', topicPrefix: 'bench.' });
  await bus.ensureTopics([{ name: Topics.enrollmentPrograms, partitions: 6 }]);

  // Each phase waits for its own events; latency is occurredAt (outbox write) to effect.
  let phase = { expected: 0, handled: 0, latencies: [] as number[], done: () => undefined as void };
  const runPhase = async (expected: number, write: () => Promise<void>) => {
    const finished = new Promise<void>((resolve) => (phase = { expected, handled: 0, latencies: [], done: resolve }));
    const started = Date.now();
    await write();
    const writtenMs = Date.now() - started;
    await deadline('a backbone phase', finished);
    return { elapsedMs: Date.now() - started, writtenMs, latencies: phase.latencies };
  };

  // Set-wise effects, as a real high-volume consumer (click counting) writes them.
  const consumer = new EventConsumer({ bus, dataSource, group: 'bench.consumer', partitionsConsumedConcurrently: 6 }).onBatch(
    ProgramCreated,
    async (batch, manager) => {
      const now = Date.now();
      const batchLatencies = batch.map((event) => now - Date.parse(event.occurredAt));
      await manager.query('INSERT INTO programs_seen (program_id, latency_ms) SELECT * FROM unnest($1::uuid[], $2::int[])', [
        batch.map((event) => event.payload.programId),
        batchLatencies,
      ]);
      phase.latencies.push(...batchLatencies);
      phase.handled += batch.length;
      if (phase.handled === phase.expected) phase.done();
    },
  );
  await consumer.start();
  const relay = new OutboxRelay({ dataSource, bus, service: schema, idleDelayMs: 5 });
  relay.start();
  const outbox = new Outbox('bench');
  const writeEvents = (count: number) =>
    dataSource.transaction((manager) => outbox.appendAll(manager, ProgramCreated, Array.from({ length: count }, (_, i) => payload(i))));

  // Throughput: writers as fast as they go.
  let next = 0;
  const throughput = await runPhase(events, () =>
    Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < events) {
          const count = Math.min(eventsPerTransaction, events - next);
          next += count;
          await writeEvents(count);
        }
      }),
    ).then(() => undefined),
  );

  // Latency: a steady offered load below saturation, one small transaction every 10 ms.
  const ticks = latencySeconds * 100;
  const perTick = Math.max(1, Math.round(latencyRate / 100));
  const steady = await runPhase(ticks * perTick, async () => {
    const start = Date.now();
    const pending: Array<Promise<unknown>> = [];
    for (let tick = 0; tick < ticks; tick++) {
      const wait = start + tick * 10 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(writeEvents(perTick));
    }
    await Promise.all(pending);
  });

  await consumer.stop();
  await relay.stop();
  await bus.close();
  const [{ effects }] = await dataSource.query('SELECT count(*)::int AS effects FROM programs_seen');
  await dataSource.destroy();
  return { throughput, steady, offered: ticks * perTick, effects: effects as number };
}

async function rawKafka(brokers: string[]) {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const topic = 'bench.raw';
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();

  const latencies: number[] = [];
  let received = 0;
  let allReceived!: () => void;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const consumer = kafka.consumer({ groupId: 'bench-raw', maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const message of batch.messages) {
        latencies.push(now - Number(message.headers?.['sent-at']?.toString()));
      }
      received += batch.messages.length;
      if (received >= events) allReceived();
    },
  });
  const producer = kafka.producer({ maxInFlightRequests: 1 });
  await producer.connect();
  const started = Date.now();
  // The same messages the backbone carries, in the batches the relay would send.
  for (let n = 0; n < events; n += 1000) {
    const sentAt = String(Date.now());
    const messages = Array.from({ length: Math.min(1000, events - n) }, (_, i) => {
      const body = { ...payload(n + i), name: `raw ${n + i}` };
      const value = JSON.stringify({ id: randomUUID(), type: 'ProgramCreated', version: 1, occurredAt: new Date().toISOString(), producer: 'bench', key: body.programId, payload: body });
      return { key: body.programId, value, headers: { 'sent-at': sentAt } };
    });
    await producer.send({ topic, acks: -1, messages });
  }
  await deadline('the raw kafkajs run', done);
  const elapsedMs = Date.now() - started;
  await producer.disconnect();
  await consumer.disconnect();
  return { elapsedMs, latencies };
}

async function main(): Promise<void> {
  console.log(`bench:bus — ${events.toLocaleString('en-US')} events, ${writers} writers, ${eventsPerTransaction} events per transaction`);
  const infra = await startBenchInfra('bus');
  try {
    const raw = await rawKafka(infra.brokers);
    const bb = await backbone(infra.databaseUrl, infra.brokers);
    const rawRate = (events / raw.elapsedMs) * 1000;
    const bbRate = (events / bb.throughput.elapsedMs) * 1000;
    const steadyRate = (bb.offered / bb.steady.elapsedMs) * 1000;
    const rows = [
      ['', 'events/s', 'p50 ms', 'p99 ms', 'elapsed s'],
      ['backbone, as fast as writers go', formatRate(bbRate), percentile(bb.throughput.latencies, 50), percentile(bb.throughput.latencies, 99), (bb.throughput.elapsedMs / 1000).toFixed(1)],
      [`backbone, steady ${latencyRate}/s offered`, formatRate(steadyRate), percentile(bb.steady.latencies, 50), percentile(bb.steady.latencies, 99), (bb.steady.elapsedMs / 1000).toFixed(1)],
      ['raw kafkajs produce→consume', formatRate(rawRate), percentile(raw.latencies, 50), percentile(raw.latencies, 99), (raw.elapsedMs / 1000).toFixed(1)],
    ];
    for (const row of rows) console.log(row.map((cell, i) => String(cell).padEnd(i === 0 ? 40 : 12)).join(''));
    console.log(`backbone / raw throughput: ${(bbRate / rawRate).toFixed(2)}`);
    const total = events + bb.offered;
    console.log(`outbox writes alone: ${formatRate((events / bb.throughput.writtenMs) * 1000)}; effects applied: ${bb.effects} of ${total} (exactly once: ${bb.effects === total})`);
    console.log(
      JSON.stringify({
        bench: 'bus',
        events,
        writers,
        eventsPerTransaction,
        backboneEventsPerSecond: Math.round(bbRate),
        rawEventsPerSecond: Math.round(rawRate),
        ratio: +(bbRate / rawRate).toFixed(3),
        saturatedP50Ms: percentile(bb.throughput.latencies, 50),
        saturatedP99Ms: percentile(bb.throughput.latencies, 99),
        steadyRate: latencyRate,
        steadyP50Ms: percentile(bb.steady.latencies, 50),
        steadyP99Ms: percentile(bb.steady.latencies, 99),
        rawP50Ms: percentile(raw.latencies, 50),
        rawP99Ms: percentile(raw.latencies, 99),
      }),
    );
  } finally {
    await infra.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:bus failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
