/**
 * Replays one consumer group's dead letters:
 *   npm run replay-dead-letters -- <consumer-group>
 * Reads KAFKA_BROKERS (default 127.0.0.1:9092) and KAFKA_TOPIC_PREFIX.
 */
import { KafkaBus } from '../kafka-bus';
import { replayDeadLetters } from '../dead-letters';

async function main(): Promise<void> {
  const group = process.argv[2];
  if (!group || group.startsWith('-')) {
    console.error('usage: replay-dead-letters <consumer-group>   e.g. campaigns.programs');
    process.exit(2);
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
  const bus = new KafkaBus({ brokers, clientId: 'dead-letter-replay', topicPrefix: process.env.KAFKA_TOPIC_PREFIX });
  try {
    const { replayed } = await replayDeadLetters(bus, group);
    console.log(`replayed ${replayed} dead letter(s) of ${group}`);
  } finally {
    await bus.close();
  }
}

main().catch((error: unknown) => {
  console.error(`replay failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
