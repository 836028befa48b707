import { Logger } from '@nestjs/common';
import { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { deadLetterTopic, EventDefinition, EventEnvelope, EventHeaders, parseEnvelope } from '@streetteam/contracts';
import { runWithCorrelation } from '@streetteam/platform';
import { backoffDelay, defaultRetryPolicy, RetryPolicy, sleep } from './backoff';
import { FetchTuning, KafkaBus } from './kafka-bus';
import { MessagingObserver, silentObserver } from './observer';
import { isTransientError } from './transient-errors';

export type EventHandler<P> = (event: EventEnvelope<P>, manager: EntityManager) => Promise<void>;
/** Handles consecutive events of one type at once (multi-row writes); they arrive in partition order. */
export type BatchEventHandler<P> = (events: Array<EventEnvelope<P>>, manager: EntityManager) => Promise<void>;

export interface EventConsumerOptions {
  bus: KafkaBus;
  dataSource: DataSource;
  /** Consumer group, e.g. `campaigns.programs`: names the inbox entries and the dead-letter topic. */
  group: string;
  retry?: RetryPolicy;
  observer?: MessagingObserver;
  /** Partitions processed side by side; order within a partition is always kept. */
  partitionsConsumedConcurrently?: number;
  fetch?: FetchTuning;
  /** How often the lag of the partitions held is read from the broker (default 15 s). */
  lagIntervalMs?: number;
}

/** Headers a dead letter carries, so it can be understood and replayed. */
export const DeadLetterHeaders = {
  error: 'x-dead-letter-error',
  originalTopic: 'x-dead-letter-topic',
  originalPartition: 'x-dead-letter-partition',
  originalOffset: 'x-dead-letter-offset',
  group: 'x-dead-letter-group',
  attempts: 'x-dead-letter-attempts',
  failedAt: 'x-dead-letter-failed-at',
} as const;

interface Decoded {
  message: KafkaMessage;
  event?: EventEnvelope;
  /** Why the message can't even be read: it goes straight to the dead letters. */
  undecodable?: string;
}

/**
 * Consumes events and applies each handler's effect exactly once: the event id is
 * recorded in the inbox in the same transaction as the effect. A batch is tried in
 * one transaction (fast); if that fails, its events are retried one by one with
 * backoff, and one that still fails goes to the group's dead-letter topic with its
 * error while the rest go on.
 */
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly handlers = new Map<string, BatchEventHandler<unknown>>();
  private readonly topics = new Set<string>();
  private readonly retry: RetryPolicy;
  private readonly observer: MessagingObserver;
  private consumer?: Consumer;
  /** The partitions this member holds, as of the group's last join. */
  private held: Array<{ topic: string; partition: number }> = [];
  private lagTimer?: NodeJS.Timeout;
  private measuringLag = false;

  constructor(private readonly options: EventConsumerOptions) {
    this.retry = options.retry ?? defaultRetryPolicy;
    this.observer = options.observer ?? silentObserver;
  }

  get group(): string {
    return this.options.group;
  }

  on<P>(definition: EventDefinition<P>, handler: EventHandler<P>): this {
    return this.onBatch(definition, async (events, manager) => {
      for (const event of events) {
        await runWithCorrelation({ correlationId: event.correlationId ?? event.id, causationId: event.id }, () => handler(event, manager));
      }
    });
  }

  onBatch<P>(definition: EventDefinition<P>, handler: BatchEventHandler<P>): this {
    this.handlers.set(`${definition.type}@${definition.version}`, handler as BatchEventHandler<unknown>);
    this.topics.add(definition.topic);
    return this;
  }

  async start(): Promise<void> {
    const { bus } = this.options;
    await bus.ensureTopics([...this.topics, deadLetterTopic(this.group)].map((name) => ({ name })));
    const consumer = bus.createConsumer(this.group, this.options.fetch);
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const topic = bus.logicalTopic(payload.topic);
      // A batch that ends after its partition moved to another member is not this member's to report.
      if (this.holds(topic, payload.partition)) this.observer.consumerLag(this.group, topic, payload.partition, Number(payload.offsetLag));
    });
    // A batch's end tells the lag only while batches end: the broker is asked too, every few
    // seconds, so a stuck handler's lag grows, and a rebalance takes back the partitions it moved.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.held = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic: bus.logicalTopic(topic), partition })));
      this.observer.consumerPartitions(this.group, this.held);
    });
    this.lagTimer = setInterval(() => void this.reportCommittedLag(), this.options.lagIntervalMs ?? 15_000).unref();
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.topics].map((t) => bus.topic(t)), fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommitInterval: 500,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.consumer = consumer;
  }

  /** kafkajs lets the batch in hand finish and commits its offsets before leaving the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    clearInterval(this.lagTimer);
    if (consumer) await consumer.disconnect();
    this.held = [];
    this.observer.consumerPartitions(this.group, []);
  }

  private holds(topic: string, partition: number): boolean {
    return this.held.some((h) => h.topic === topic && h.partition === partition);
  }

  private async reportCommittedLag(): Promise<void> {
    if (this.measuringLag || this.held.length === 0) return;
    this.measuringLag = true;
    try {
      for (const { topic, partition, lag } of await this.options.bus.committedLag(this.group, [...this.topics])) {
        if (this.holds(topic, partition)) this.observer.consumerLag(this.group, topic, partition, lag);
      }
    } catch (error) {
      // The broker away: the consumer says so itself; the gauge keeps its last value until the next look.
      this.logger.debug(`lag of ${this.group} not read: ${String(error)}`);
    } finally {
      this.measuringLag = false;
    }
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    const decoded = batch.messages.map((message) => this.decode(message));
    if (await this.tryWholeBatch(decoded)) {
      resolveOffset(batch.lastOffset());
      await commitOffsetsIfNecessary();
      return;
    }
    for (const item of decoded) {
      if (!isRunning() || isStale()) return;
      if (!(await this.handleOne(item, batch.topic, batch.partition, isRunning))) return;
      resolveOffset(item.message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary();
  }

  private decode(message: KafkaMessage): Decoded {
    try {
      return { message, event: parseEnvelope(JSON.parse(message.value?.toString() ?? '')) };
    } catch (error) {
      return { message, undecodable: error instanceof Error ? error.message : String(error) };
    }
  }

  private async tryWholeBatch(items: Decoded[]): Promise<boolean> {
    if (items.some((i) => i.undecodable)) return false;
    const events = items.map((i) => i.event as EventEnvelope);
    try {
      const outcomes = await this.options.dataSource.transaction(async (manager) => {
        const fresh = await this.claimInbox(manager, events.map((e) => e.id));
        const seen = new Set<string>();
        const toHandle = events.filter((event) => {
          if (!fresh.has(event.id) || seen.has(event.id)) return false;
          seen.add(event.id);
          return true;
        });
        await this.apply(toHandle, manager);
        return { handledTypes: toHandle.map((e) => e.type), duplicates: events.length - toHandle.length };
      });
      for (const type of outcomes.handledTypes) this.observer.eventHandled(this.group, type, 'handled');
      for (let i = 0; i < outcomes.duplicates; i++) this.observer.eventHandled(this.group, 'any', 'duplicate');
      return true;
    } catch (error) {
      if (items.length > 1) this.logger.warn(`batch of ${items.length} failed in ${this.group}, retrying one by one: ${String(error)}`);
      return false;
    }
  }

  /** Returns false when the consumer is stopping before the event could be settled. */
  private async handleOne(item: Decoded, topic: string, partition: number, isRunning: () => boolean): Promise<boolean> {
    if (item.undecodable) {
      await this.deadLetter(item.message, topic, partition, item.undecodable, 0);
      this.observer.eventHandled(this.group, 'undecodable', 'dead-lettered');
      return true;
    }
    const event = item.event as EventEnvelope;
    let failures = 0;
    let transientFailures = 0;
    for (;;) {
      try {
        const handled = await this.options.dataSource.transaction(async (manager) => {
          const fresh = await this.claimInbox(manager, [event.id]);
          if (!fresh.has(event.id)) return false;
          await this.apply([event], manager);
          return true;
        });
        this.observer.eventHandled(this.group, event.type, handled ? 'handled' : 'duplicate');
        return true;
      } catch (error) {
        if (isTransientError(error)) {
          // The event is fine; the database is away. Wait for it, however long.
          transientFailures++;
          if (!isRunning()) return false;
          await sleep(backoffDelay(this.retry, Math.min(transientFailures, 8)));
          continue;
        }
        failures++;
        if (failures >= this.retry.attempts) {
          const reason = error instanceof Error ? error.message : String(error);
          await this.deadLetter(item.message, topic, partition, reason, failures);
          this.observer.eventHandled(this.group, event.type, 'dead-lettered');
          return true;
        }
        this.observer.eventHandled(this.group, event.type, 'retried');
        await sleep(backoffDelay(this.retry, failures));
      }
    }
  }

  /** Hands each run of consecutive same-type events to its handler, keeping partition order. */
  private async apply(events: EventEnvelope[], manager: EntityManager): Promise<void> {
    let start = 0;
    while (start < events.length) {
      const key = `${events[start].type}@${events[start].version}`;
      let end = start + 1;
      while (end < events.length && `${events[end].type}@${events[end].version}` === key) end++;
      const handler = this.handlers.get(key);
      // Topics carry several event types; one this group doesn't handle is recorded and skipped.
      if (handler) {
        const run = events.slice(start, end);
        await runWithCorrelation({ correlationId: run[0].correlationId ?? run[0].id, causationId: run[0].id }, () => handler(run, manager));
      }
      start = end;
    }
  }

  /** Records the ids in the inbox; returns those not seen before (the ones to handle). */
  private async claimInbox(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    const rows: Array<{ event_id: string }> = await manager.query(
      `INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])
         ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.group, ids],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  private async deadLetter(message: KafkaMessage, topic: string, partition: number, error: string, attempts: number): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value.toString();
    }
    Object.assign(headers, {
      [DeadLetterHeaders.error]: error.slice(0, 2000),
      [DeadLetterHeaders.originalTopic]: this.options.bus.logicalTopic(topic),
      [DeadLetterHeaders.originalPartition]: String(partition),
      [DeadLetterHeaders.originalOffset]: message.offset,
      [DeadLetterHeaders.group]: this.group,
      [DeadLetterHeaders.attempts]: String(attempts),
      [DeadLetterHeaders.failedAt]: new Date().toISOString(),
    });
    await this.options.bus.publish([
      {
        topic: deadLetterTopic(this.group),
        key: message.key?.toString() ?? headers[EventHeaders.eventId] ?? 'unknown',
        value: message.value?.toString() ?? '',
        headers,
      },
    ]);
    this.logger.error(`event at ${topic}[${partition}]@${message.offset} dead-lettered by ${this.group}: ${error}`);
  }
}
