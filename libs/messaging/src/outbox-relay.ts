import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sleep } from './backoff';
import { KafkaBus, OutgoingMessage } from './kafka-bus';
import { MessagingObserver, silentObserver } from './observer';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  bus: KafkaBus;
  /** The service whose schema holds the outbox (the connection's search_path); names its metrics. */
  service: string;
  batchSize?: number;
  /** How long to wait before looking again when the outbox was empty. */
  idleDelayMs?: number;
  observer?: MessagingObserver;
}

interface OutboxRow {
  seq: string;
  topic: string;
  key: string;
  envelope: string;
  headers: Record<string, string>;
}

/**
 * Publishes the outbox to Kafka, lane by lane. A lane is held by one relay at a
 * time through a transaction-scoped advisory lock; rows are deleted in the same
 * transaction that published them. A crash after publishing but before the commit
 * republishes the batch: consumers drop the duplicates through their inbox.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly observer: MessagingObserver;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.idleDelayMs = options.idleDelayMs ?? 25;
    this.observer = options.observer ?? silentObserver;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in flight, then returns: nothing is left half-published. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Publishes everything pending once; returns how many events went out. */
  async drainOnce(): Promise<number> {
    let published = 0;
    for (const lane of await this.pendingLanes()) {
      published += await this.publishLane(lane);
    }
    return published;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.drainOnce();
        failures = 0;
        if (published === 0) await this.idle(this.idleDelayMs);
      } catch (error) {
        failures++;
        const delay = Math.min(5000, 100 * 2 ** Math.min(failures, 6));
        this.logger.warn(`outbox relay of ${this.options.service} failed, retrying in ${delay} ms: ${String(error)}`);
        await this.idle(delay);
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async pendingLanes(): Promise<number[]> {
    const rows: Array<{ lane: number; pending: string; oldest: number | null }> = await this.options.dataSource.query(
      `SELECT lane, count(*) AS pending, extract(epoch FROM clock_timestamp() - min(created_at)) AS oldest
         FROM outbox GROUP BY lane`,
    );
    const pending = rows.reduce((sum, r) => sum + Number(r.pending), 0);
    const oldest = rows.reduce((max, r) => Math.max(max, Number(r.oldest ?? 0)), 0);
    this.observer.outboxState(this.options.service, pending, oldest);
    return rows.map((r) => r.lane);
  }

  private async publishLane(lane: number): Promise<number> {
    return this.options.dataSource.transaction(async (manager) => {
      // Keyed by schema, not service name: tests run many copies of a service side by side.
      const [{ locked }] = await manager.query(
        "SELECT pg_try_advisory_xact_lock(hashtext('outbox:' || current_schema()), $1) AS locked",
        [lane],
      );
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        'SELECT seq, topic, key, envelope, headers FROM outbox WHERE lane = $1 ORDER BY seq LIMIT $2',
        [lane, this.batchSize],
      );
      if (rows.length === 0) return 0;
      const messages: OutgoingMessage[] = rows.map((r) => ({
        topic: r.topic,
        key: r.key,
        value: r.envelope,
        headers: r.headers,
      }));
      await this.options.bus.publish(messages);
      await manager.query('DELETE FROM outbox WHERE seq = ANY($1::bigint[])', [rows.map((r) => r.seq)]);
      return rows.length;
    });
  }
}

