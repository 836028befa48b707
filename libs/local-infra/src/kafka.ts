import path from 'node:path';
import { portAnswers } from './ports';
import { repoRoot } from './repo-root';
import { runScript } from './run-script';

export interface KafkaOptions {
  /** Broker data and logs; kept between runs (delete it for a fresh broker). */
  dataDir: string;
  port: number;
  controllerPort: number;
  /** Where infra/kafka/kafka.sh output goes; stderr by default. */
  log?: (line: string) => void;
}

export interface RunningKafka {
  brokers: string[];
  stop(): Promise<void>;
}

/**
 * Starts a single-node KRaft broker through infra/kafka/kafka.sh (fetching its jars
 * on first use). With KAFKA_BROKERS set, or a broker already on `port`, it starts
 * nothing and `stop()` leaves that broker alone.
 */
export async function startKafka(options: KafkaOptions): Promise<RunningKafka> {
  const external = process.env.KAFKA_BROKERS;
  if (external) return { brokers: splitBrokers(external), stop: async () => undefined };

  const brokers = [`127.0.0.1:${options.port}`];
  if (await portAnswers(options.port)) return { brokers, stop: async () => undefined };

  const script = path.join(repoRoot(), 'infra', 'kafka', 'kafka.sh');
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = path.resolve(options.dataDir);
  await runScript(script, ['fetch'], log);
  const start = [
    'start',
    ...['--data', dataDir],
    ...['--port', String(options.port)],
    ...['--controller-port', String(options.controllerPort)],
  ];
  try {
    await runScript(script, start, log);
  } catch (error) {
    // start may have launched a broker that then never became ready.
    await runScript(script, ['stop', '--data', dataDir, '--timeout', '10'], log).catch(() => undefined);
    throw error;
  }
  return { brokers, stop: () => runScript(script, ['stop', '--data', dataDir], log) };
}

function splitBrokers(list: string): string[] {
  return list
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}
