import { Logger } from '@nestjs/common';
import { Admin, Consumer, Kafka, logCreator, logLevel, Producer } from 'kafkajs';
import { sleep } from './backoff';
import { keyPartitioner } from './key-partitioner';
import { fixKafkajsRequestQueue } from './kafkajs-request-queue-fix';

// Before any connection exists: every request queue kafkajs creates gets the fix.
fixKafkajsRequestQueue();

export interface BusOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic name: lets test files share one broker without meeting. */
  topicPrefix?: string;
}

/**
 * How a consumer fetches: the broker answers once minBytes wait or maxWaitTimeInMs
 * passed. A high-volume consumer asks for more bytes, to write bigger batches.
 */
export interface FetchTuning {
  minBytes?: number;
  maxWaitTimeInMs?: number;
}

/** Messages of a partition not yet committed by a consumer group. */
export interface PartitionLag {
  /** The unprefixed topic name. */
  topic: string;
  partition: number;
  lag: number;
}

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string | Buffer;
  headers: Record<string, string>;
}

/**
 * The only door to Kafka. kafkajs's maintenance has stalled (kafkajs issue #1603),
 * so the client stays behind this class: swapping it is this library's change alone.
 */
export class KafkaBus {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private producerConnecting?: Promise<Producer>;
  /** Kept for the lag every consumer measures every few seconds, instead of a connection each time. */
  private lagAdmin?: Promise<Admin>;
  private readonly prefix: string;

  constructor(private readonly options: BusOptions) {
    this.prefix = options.topicPrefix ?? '';
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator,
      retry: { initialRetryTime: 100, retries: 8 },
    });
  }

  topic(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** The unprefixed name, for headers and dead letters that must survive a prefix change. */
  logicalTopic(physical: string): string {
    return this.prefix && physical.startsWith(this.prefix) ? physical.slice(this.prefix.length) : physical;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) {
      const list = byTopic.get(message.topic) ?? [];
      list.push(message);
      byTopic.set(message.topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic: this.topic(topic),
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  /**
   * Topics are created on purpose (auto-creation is off on our brokers); existing ones
   * are left alone. Right after a topic is created the broker may still answer
   * "unknown topic" for it, and kafkajs gives up on that retriable error, so this retries.
   */
  async ensureTopics(topics: Array<{ name: string; partitions?: number }>, deadlineMs = 15000): Promise<void> {
    const giveUpAt = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.createMissingTopics(topics);
        return;
      } catch (error) {
        const retriable = (error as { retriable?: boolean }).retriable === true;
        if (!retriable || Date.now() >= giveUpAt) throw error;
        await sleep(Math.min(1000, 50 * 2 ** attempt));
      }
    }
  }

  private async createMissingTopics(topics: Array<{ name: string; partitions?: number }>): Promise<void> {
    const admin = await this.admin();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(this.topic(t.name)));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: this.topic(t.name), numPartitions: t.partitions ?? 3, replicationFactor: 1 })),
      });
    } catch (error) {
      // Another replica created it a moment ago.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    } finally {
      await admin.disconnect();
    }
  }

  /** Used only inside this library: apps never see a kafkajs Consumer. */
  createConsumer(groupId: string, fetch: FetchTuning = {}): Consumer {
    return this.kafka.consumer({
      groupId: this.topic(groupId),
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      // A fetch is answered as soon as minBytes are there, so the wait bounds only how
      // often an idle consumer asks again (dozens of idle groups polling every 100 ms
      // kept the broker a fifth busy doing nothing); it also delays a rebalance by as much.
      minBytes: fetch.minBytes ?? 1,
      maxWaitTimeInMs: fetch.maxWaitTimeInMs ?? 500,
      retry: { retries: 10 },
    });
  }

  async admin(): Promise<Admin> {
    const admin = this.kafka.admin();
    await admin.connect();
    return admin;
  }

  /**
   * How far a group's committed offsets are behind the ends of the given topics'
   * partitions. Read from the broker, not from the consumer, so a consumer stuck in a
   * handler shows its lag growing. A partition the group never committed counts from its
   * earliest message (groups start from the beginning).
   */
  async committedLag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    this.lagAdmin ??= this.admin().catch((error: unknown) => {
      this.lagAdmin = undefined;
      throw error;
    });
    const admin = await this.lagAdmin;
    const committed = await admin.fetchOffsets({ groupId: this.topic(groupId), topics: topics.map((t) => this.topic(t)) });
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, end]));
      for (const { partition, offset } of partitions) {
        const end = ends.get(partition);
        if (!end) continue;
        const from = Number(offset) >= 0 ? Number(offset) : Number(end.low);
        lags.push({ topic: this.logicalTopic(topic), partition, lag: Math.max(0, Number(end.high) - from) });
      }
    }
    return lags;
  }

  async isReachable(): Promise<boolean> {
    try {
      const admin = await this.admin();
      try {
        await admin.describeCluster();
        return true;
      } finally {
        await admin.disconnect();
      }
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    const lagAdmin = this.lagAdmin;
    this.producer = undefined;
    this.producerConnecting = undefined;
    this.lagAdmin = undefined;
    if (producer) await producer.disconnect();
    if (lagAdmin) await (await lagAdmin.catch(() => undefined))?.disconnect();
  }

  private connectedProducer(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    if (!this.producerConnecting) {
      // One request in flight keeps a key's events in order across retries; a retry may
      // still duplicate a batch, which every consumer's inbox absorbs.
      const producer = this.kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: keyPartitioner });
      this.producerConnecting = producer.connect().then(
        () => {
          this.producer = producer;
          return producer;
        },
        (error: unknown) => {
          this.producerConnecting = undefined;
          throw error;
        },
      );
    }
    return this.producerConnecting;
  }
}

/**
 * kafkajs's log lines go through the service's logger (JSON, with the correlation id).
 * Its Connection logs every retriable protocol error at ERROR before retrying (a topic
 * just created, a leader moving); what still fails after retries reaches us as a thrown
 * error, so those lines are warnings.
 */
const kafkaLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    const { message, error } = log as { message: string; error?: string };
    const text = `[${namespace}] ${message}${error ? `: ${error}` : ''}`;
    if (level === logLevel.ERROR && namespace !== 'Connection') logger.error(text);
    else if (level <= logLevel.WARN) logger.warn(text);
    else logger.debug(text);
  };
};
