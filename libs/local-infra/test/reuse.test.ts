import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePorts, portAnswers, startKafka, startPostgres, startStripeMock } from '../src';

// Whatever already listens on a port is used as it is, and never stopped by us:
// a developer's own broker or database must survive `npm start` and test runs.
describe('starting local infrastructure next to servers that already run', () => {
  const saved = { ...process.env };
  let occupied: net.Server;
  let port: number;

  beforeEach(async () => {
    delete process.env.KAFKA_BROKERS;
    delete process.env.DATABASE_URL;
    delete process.env.STRIPE_MOCK_URL;
    [port] = await freePorts(1);
    occupied = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => occupied.listen(port, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    process.env = { ...saved };
    await new Promise((resolve) => occupied.close(resolve));
  });

  const unusedDir = (): string => path.join(os.tmpdir(), `local-infra-reuse-${process.pid}-${port}`);

  it('does reuse the Kafka broker on the port and leave it running when stopped', async () => {
    const kafka = await startKafka({ dataDir: unusedDir(), port, controllerPort: port + 1 });
    await kafka.stop();

    expect(kafka.brokers).toEqual([`127.0.0.1:${port}`]);
    expect(await portAnswers(port)).toBe(true);
    expect(existsSync(unusedDir())).toBe(false);
  });

  it('does hand back KAFKA_BROKERS and start nothing when it is set', async () => {
    process.env.KAFKA_BROKERS = 'kafka-1.internal:9092, kafka-2.internal:9092';

    const kafka = await startKafka({ dataDir: unusedDir(), port: port + 2, controllerPort: port + 3 });

    expect(kafka.brokers).toEqual(['kafka-1.internal:9092', 'kafka-2.internal:9092']);
    expect(existsSync(unusedDir())).toBe(false);
  });

  it('does reuse the Postgres server on the port and leave it running when stopped', async () => {
    const postgres = await startPostgres({ dataDir: unusedDir(), port });
    await postgres.stop();

    expect(postgres.url('streetteam')).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/streetteam`);
    expect(await portAnswers(port)).toBe(true);
    expect(existsSync(unusedDir())).toBe(false);
  });

  it('does hand back DATABASE_URL as given when it is set', async () => {
    process.env.DATABASE_URL = 'postgres://app:secret@db.internal:5432/streetteam_staging';

    const postgres = await startPostgres({ dataDir: unusedDir(), port: port + 2, databases: ['ignored'] });

    expect(postgres.url('anything')).toBe('postgres://app:secret@db.internal:5432/streetteam_staging');
  });

  it('does reuse the stripe-mock on the port and leave it running when stopped', async () => {
    const stripeMock = await startStripeMock({ port });
    await stripeMock.stop();

    expect(stripeMock.url).toBe(`http://127.0.0.1:${port}`);
    expect(await portAnswers(port)).toBe(true);
  });

  it('does give distinct ports when asked for several', async () => {
    const ports = await freePorts(5);

    expect(new Set(ports).size).toBe(5);
  });
});
