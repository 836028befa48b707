import { Logger } from '@nestjs/common';
import { deadLetterTopic } from '@streetteam/contracts';
import { DeadLetterHeaders } from './event-consumer';
import { KafkaBus } from './kafka-bus';

export interface ReplayResult {
  replayed: number;
}

/**
 * Sends a group's dead letters back to the topics they came from, once each: the
 * replayer has its own consumer group, so a dead letter replayed is not replayed
 * again. Every consumer is idempotent, so other groups that had already handled
 * the event ignore it; the group that failed applies it (once) now that it is fixed.
 * Stops at the end it saw when it started, so a letter that fails again waits for
 * the next replay instead of looping.
 */
export async function replayDeadLetters(bus: KafkaBus, group: string, timeoutMs = 60000): Promise<ReplayResult> {
  const logger = new Logger('DeadLetterReplay');
  const topic = bus.topic(deadLetterTopic(group));
  const admin = await bus.admin();
  let endOffsets: Map<number, bigint>;
  let committed: Map<number, bigint>;
  const replayGroup = `${group}.replay`;
  try {
    endOffsets = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
    const groupOffsets = await admin.fetchOffsets({ groupId: bus.topic(replayGroup), topics: [topic] });
    committed = new Map(
      (groupOffsets[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset === '-1' ? '0' : p.offset)]),
    );
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set([...endOffsets].filter(([p, high]) => (committed.get(p) ?? 0n) < high).map(([p]) => p));
  if (remaining.size === 0) return { replayed: 0 };

  const consumer = bus.createConsumer(replayGroup);
  let replayed = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dead-letter replay of ${group} timed out`)), timeoutMs);
      consumer
        .run({
          autoCommit: true,
          eachMessage: async ({ partition, message }) => {
            const end = endOffsets.get(partition) ?? 0n;
            if (BigInt(message.offset) < end) {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(message.headers ?? {})) {
                if (value === undefined || name.startsWith('x-dead-letter-')) continue;
                headers[name] = value.toString();
              }
              headers['x-replayed-at'] = new Date().toISOString();
              const original = message.headers?.[DeadLetterHeaders.originalTopic]?.toString();
              if (!original) throw new Error(`dead letter at offset ${message.offset} has no original topic`);
              await bus.publish([{ topic: original, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers }]);
              replayed++;
            }
            if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  logger.log(`replayed ${replayed} dead letters of ${group}`);
  return { replayed };
}
