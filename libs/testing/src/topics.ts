import { randomBytes } from 'node:crypto';
import { IHeaders, Kafka, logLevel } from 'kafkajs';

/** A message as a test asserts on it: the JSON value decoded, headers as strings. */
export interface SeenMessage<T = unknown> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The parsed JSON value; null for a tombstone. */
  value: T | null;
  headers: Record<string, string>;
}

export interface ReadTopicOptions<T> {
  /** Read what is already on the topic (default true); false sees only later messages. */
  fromBeginning?: boolean;
  /** Resolve as soon as this many messages were seen. */
  count?: number;
  /** Resolve as soon as this holds for the messages seen so far. */
  until?: (messages: SeenMessage<T>[]) => boolean;
  /**
   * Deadline. With `count` or `until`, missing it is an error; with neither,
   * everything seen by then is returned (to assert that nothing else arrived).
   */
  timeoutMs?: number;
}

function kafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'streetteam-testing', brokers, logLevel: logLevel.WARN });
}

/** Creates the topics (existing ones are left as they are) and waits for their leaders. */
export async function createTopics(brokers: string[], topics: string[], partitions = 3): Promise<void> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads `topic` with a throw-away consumer group and returns the decoded messages,
 * for assertions like "the event was published".
 */
export async function readTopic<T = unknown>(
  brokers: string[],
  topic: string,
  { fromBeginning = true, count, until, timeoutMs = 15_000 }: ReadTopicOptions<T> = {},
): Promise<SeenMessage<T>[]> {
  const consumer = kafka(brokers).consumer({
    groupId: `test-reader-${randomBytes(6).toString('hex')}`,
    // The broker would otherwise wait up to a few seconds for a new group to settle.
    rebalanceTimeout: 5_000,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
  });
  const seen: SeenMessage<T>[] = [];
  const satisfied = (): boolean =>
    (count !== undefined && seen.length >= count) || (until !== undefined && until(seen));

  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (count === undefined && until === undefined) return resolve();
        const wanted = count !== undefined ? `${count} message(s)` : 'the expected messages';
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${wanted} on ${topic}; saw ${seen.length}`));
      }, timeoutMs);
      consumer
        .run({
          eachMessage: async ({ topic: from, partition, message }) => {
            try {
              seen.push({
                topic: from,
                partition,
                offset: message.offset,
                key: message.key ? message.key.toString('utf8') : null,
                value: decodeValue<T>(from, message.offset, message.value),
                headers: decodeHeaders(message.headers),
              });
            } catch (error) {
              // Thrown from here, kafkajs would retry the message instead of failing the read.
              clearTimeout(timer);
              reject(error);
              return;
            }
            if (satisfied()) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error);
        });
    });
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

function decodeValue<T>(topic: string, offset: string, value: Buffer | null): T | null {
  if (value === null) return null;
  const text = value.toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    // Every event is JSON; anything else on a topic is itself a finding.
    throw new Error(`message at ${topic}@${offset} is not JSON: ${text.slice(0, 200)}`);
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    decoded[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return decoded;
}
