import { randomBytes, randomUUID } from 'node:crypto';
import { PartitionerArgs, Partitioners } from 'kafkajs';
import { keyPartitioner, murmur2 } from './key-partitioner';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: string) => number;

const partitionMetadata = (count: number): PartitionerArgs['partitionMetadata'] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));

function keys(): string[] {
  const made = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'é', 'ünïcødé-order', '订单-42', '🎉 party', 'x'.repeat(5000)];
  for (let i = 0; i < 500; i++) made.push(randomUUID(), `order-${i}`, randomBytes(1 + (i % 37)).toString('latin1'));
  return made;
}

describe('murmur2', () => {
  it('hashes every key as kafkajs (and the Java client) does, ASCII or not, short or long', () => {
    for (const key of keys()) expect([key, murmur2(key)]).toEqual([key, kafkajsMurmur2(key)]);
  });

  it('matches the Java client on known values', () => {
    // From Kafka's UtilsTest.testMurmur2.
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
    expect(murmur2('abc')).toBe(479470107);
  });
});

describe('keyPartitioner', () => {
  it('puts every keyed message on the partition kafkajs default partitioner picks', () => {
    const ours = keyPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const count of [1, 3, 16, 31]) {
      for (const key of keys()) {
        const args = { topic: 't', partitionMetadata: partitionMetadata(count), message: { key, value: 'v' } };
        expect([key, ours(args)]).toEqual([key, theirs(args)]);
      }
    }
  });

  it('keeps an explicit partition, and spreads messages without a key over the partitions', () => {
    const ours = keyPartitioner();
    expect(ours({ topic: 't', partitionMetadata: partitionMetadata(3), message: { key: 'k', value: 'v', partition: 2 } })).toBe(2);
    const picked = new Set<number>();
    for (let i = 0; i < 30; i++) picked.add(ours({ topic: 't', partitionMetadata: partitionMetadata(3), message: { value: 'v' } }));
    expect([...picked].sort()).toEqual([0, 1, 2]);
  });
});
