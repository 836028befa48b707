import { Logger } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface } from 'typeorm';
import { KafkaBus } from './kafka-bus';
import { OUTBOX_LANES } from './lanes';
import { MessagingObserver, silentObserver } from './observer';
import { Outbox } from './outbox';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  bus: KafkaBus;
  /** The service whose schema holds the outbox (the connection's search_path); names its metrics. */
  service: string;
  batchSize?: number;
  /**
   * How long to wait before looking again when the outbox was empty. With `outbox`, the
   * relay is also woken at once when a transaction of this process that appended events
   * commits, so the wait only bounds how late it sees rows other replicas wrote.
   */
  idleDelayMs?: number;
  outbox?: Outbox;
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
 * Publishes the outbox to Kafka. A lane (a share of the keys) is held by one relay
 * at a time through a transaction-scoped advisory lock, so a key's events leave in
 * order even with several replicas; rows are deleted in the same transaction that
 * published them. A crash after publishing but before the commit
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
  private interrupt?: () => void;
  private readonly commits?: EntitySubscriberInterface;
  /** Woken while publishing: look again at once instead of idling. */
  private woken = false;
  private lastReport = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.idleDelayMs = options.idleDelayMs ?? (options.outbox ? 250 : 25);
    this.observer = options.observer ?? silentObserver;
    const outbox = options.outbox;
    // TypeORM tells its subscribers of every commit; only those that wrote events wake the relay.
    this.commits = outbox && {
      afterTransactionCommit: ({ queryRunner }) => {
        if (outbox.takeWritten(queryRunner)) this.wakeUp();
      },
    };
  }

  /** Look at the outbox now (idling ends, or the next idle is skipped). */
  private wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.commits) this.options.dataSource.subscribers.push(this.commits);
    this.loop = this.run();
  }

  /** Finishes the batch in flight, then returns: nothing is left half-published. */
  async stop(): Promise<void> {
    this.running = false;
    const subscribers = this.options.dataSource.subscribers;
    const listening = this.commits ? subscribers.indexOf(this.commits) : -1;
    if (listening >= 0) subscribers.splice(listening, 1);
    this.interrupt?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Publishes everything pending once; returns how many events went out. */
  async drainOnce(): Promise<number> {
    let published = 0;
    for (;;) {
      const count = await this.publishBatch();
      published += count;
      if (count < this.batchSize) return published;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        // Batch by batch, so stop() waits for one batch at most.
        const published = await this.publishBatch();
        failures = 0;
        if (published < this.batchSize) await this.idle(this.idleDelayMs, true);
      } catch (error) {
        failures++;
        const delay = Math.min(5000, 100 * 2 ** Math.min(failures, 6));
        this.logger.warn(`outbox relay of ${this.options.service} failed, retrying in ${delay} ms: ${String(error)}`);
        await this.idle(delay, false);
      }
    }
  }

  /** Waits ms; stop() ends any wait, a commit that wrote events ends only a wakeable one (not a backoff). */
  private idle(ms: number, wakeable: boolean): Promise<void> {
    if (!this.running || (wakeable && this.woken)) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
      if (wakeable) {
        this.wake = () => {
          this.woken = false;
          done();
        };
      }
    });
  }

  /**
   * Outbox depth and age for the metrics, at most every five seconds: it scans the table,
   * which a backlog of 50,000 events makes a 25 ms read, and a scrape comes every 15 s or so.
   */
  private async reportState(): Promise<void> {
    const now = Date.now();
    if (now - this.lastReport < 5000) return;
    this.lastReport = now;
    const [row] = await this.options.dataSource.query(
      'SELECT count(*)::int AS pending, coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0) AS oldest FROM outbox',
    );
    this.observer.outboxState(this.options.service, row.pending, Number(row.oldest));
  }

  /**
   * One transaction: lock every lane no other relay holds, publish the oldest rows of
   * those lanes in seq order, delete them. Locks are keyed by schema, not service
   * name, so many copies of a service (tests) never wait on each other.
   */
  private async publishBatch(): Promise<number> {
    await this.reportState();
    return this.options.dataSource.transaction(async (manager) => {
      const [{ lanes }] = await manager.query(
        `SELECT coalesce(array_agg(lane), '{}') AS lanes FROM generate_series(0, $1 - 1) AS lane
          WHERE pg_try_advisory_xact_lock(hashtext('outbox:' || current_schema()), lane)`,
        [OUTBOX_LANES],
      );
      if (lanes.length === 0) return 0;
      const rows: OutboxRow[] = await manager.query(
        'SELECT seq, topic, key, envelope, headers FROM outbox WHERE lane = ANY($1) ORDER BY seq LIMIT $2',
        [lanes, this.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.options.bus.publish(rows.map((r) => ({ topic: r.topic, key: r.key, value: r.envelope, headers: r.headers })));
      await manager.query('DELETE FROM outbox WHERE seq = ANY($1::bigint[])', [rows.map((r) => r.seq)]);
      return rows.length;
    });
  }
}

