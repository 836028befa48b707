// kafka.sh's two questions for a broker, asked with kafkajs (a workspace
// dependency) because a second JVM start would cost seconds each time:
//   node kafka-admin.js ready BROKERS                -> exit 0 once metadata is served
//   node kafka-admin.js warm-up BROKERS              -> makes the group coordinator ready
//   node kafka-admin.js create-topic BROKERS NAME N  -> creates NAME unless it exists
'use strict';
const { Kafka, logLevel } = require('kafkajs');

async function main([command, brokerList, topic, partitions]) {
  if (!brokerList) throw new Error('usage: kafka-admin.js <ready|create-topic> BROKERS [NAME PARTITIONS]');
  const kafka = new Kafka({
    clientId: 'streetteam-kafka-sh',
    brokers: brokerList.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: command === 'ready' ? 0 : 8 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (command === 'ready') {
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no brokers in metadata yet');
      return;
    }
    if (command === 'warm-up') {
      // The first group lookup creates __consumer_offsets; doing it here spares every
      // first consumer a round of "group coordinator is not available" errors.
      await admin.describeGroups(['kafka-sh-warm-up']);
      return;
    }
    if (command === 'create-topic') {
      if (!topic) throw new Error('create-topic needs a topic name');
      const count = Number(partitions || 3);
      // createTopics answers false (not an error) when the topic already exists.
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: count, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      process.stderr.write(`kafka: topic ${topic} ${created ? `created with ${count} partitions` : 'already exists'}\n`);
      return;
    }
    throw new Error(`unknown command ${command}`);
  } finally {
    await admin.disconnect();
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`kafka: ${error.message}\n`);
  process.exit(1);
});
