import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Service name; the value of the `service` label on outbox instruments. */
  service: string;
  /** Process metrics (CPU, memory, event loop, GC); on by default. */
  defaultMetrics?: boolean;
  /** Buckets of http_request_duration_seconds, in seconds. */
  httpDurationBuckets?: number[];
}

const PREFIX = 'streetteam_';

/**
 * A service's Prometheus instruments, on a registry of its own (so several services or
 * test apps in one process never collide). Other libraries record through the public
 * instruments, e.g. `metrics.eventsHandled.inc({ consumer, type, outcome })`.
 */
export class Metrics {
  readonly service: string;
  readonly registry = new Registry();
  /** streetteam_http_requests_total{method,route,status} */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  /** streetteam_http_request_duration_seconds{method,route,status} */
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  /** streetteam_graphql_operations_total{operation,outcome} */
  readonly graphqlOperations: Counter<'operation' | 'outcome'>;
  /** streetteam_events_handled_total{consumer,type,outcome} */
  readonly eventsHandled: Counter<'consumer' | 'type' | 'outcome'>;
  /** streetteam_outbox_lag_seconds{service}: age of the oldest unpublished outbox event. */
  readonly outboxLag: Gauge<'service'>;
  /** streetteam_outbox_pending{service}: outbox events not yet published. */
  readonly outboxPending: Gauge<'service'>;
  /** streetteam_outbox_read_timestamp_seconds{service}: when this replica's relay last read the outbox. */
  readonly outboxReadAt: Gauge<'service'>;
  /** streetteam_consumer_lag{group,topic,partition}: messages behind the partition's end. */
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;

  constructor(options: MetricsOptions) {
    this.service = options.service;
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: `${PREFIX}http_requests_total`,
      help: 'HTTP requests served, by method, matched route and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpRequestDuration = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time to serve an HTTP request, by method, matched route and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: options.httpDurationBuckets ?? [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.graphqlOperations = new Counter({
      name: `${PREFIX}graphql_operations_total`,
      help: 'GraphQL operations, by operation name and outcome (ok, error, rejected).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.eventsHandled = new Counter({
      name: `${PREFIX}events_handled_total`,
      help: 'Kafka events handled, by consumer group, event type and outcome.',
      labelNames: ['consumer', 'type', 'outcome'],
      registers,
    });
    this.outboxLag = new Gauge({
      name: `${PREFIX}outbox_lag_seconds`,
      help: 'Age in seconds of the oldest outbox event not yet published (0 when none).',
      labelNames: ['service'],
      registers,
    });
    this.outboxPending = new Gauge({
      name: `${PREFIX}outbox_pending`,
      help: 'Outbox events not yet published.',
      labelNames: ['service'],
      registers,
    });
    // A relay that stopped leaves the two gauges above as they were, which an empty
    // outbox makes look healthy; this one ages, whatever the outbox holds.
    this.outboxReadAt = new Gauge({
      name: `${PREFIX}outbox_read_timestamp_seconds`,
      help: 'Unix time at which this replica\'s outbox relay last read the outbox (every 5 s while it runs).',
      labelNames: ['service'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: `${PREFIX}consumer_lag`,
      help: 'Messages between a consumer group committed offset and the end of the partition.',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
  }

  /** Content-Type of the text exposition format. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of every instrument, as served on GET /metrics. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * The instruments in the shape @streetteam/messaging reports to (its MessagingObserver),
   * so a service can hand `metrics.messagingObserver()` to the messaging module.
   */
  messagingObserver(): {
    eventHandled(consumer: string, type: string, outcome: string): void;
    outboxState(service: string, pending: number, oldestAgeSeconds: number): void;
    consumerLag(group: string, topic: string, partition: number, lag: number): void;
    consumerPartitions(group: string, held: Array<{ topic: string; partition: number }>): void;
  } {
    // The partitions each group reported, so those it no longer holds leave the gauge.
    const reported = new Map<string, Set<string>>();
    const seriesOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;
    return {
      eventHandled: (consumer, type, outcome) => this.eventsHandled.inc({ consumer, type, outcome }),
      outboxState: (service, pending, oldestAgeSeconds) => {
        this.outboxPending.set({ service }, pending);
        this.outboxLag.set({ service }, oldestAgeSeconds);
        this.outboxReadAt.set({ service }, Date.now() / 1000);
      },
      consumerLag: (group, topic, partition, lag) => {
        this.consumerLag.set({ group, topic, partition: String(partition) }, lag);
        const series = reported.get(group) ?? new Set<string>();
        reported.set(group, series.add(seriesOf(topic, partition)));
      },
      consumerPartitions: (group, held) => {
        const keep = new Set(held.map((h) => seriesOf(h.topic, h.partition)));
        const series = reported.get(group) ?? new Set<string>();
        for (const key of series) {
          if (keep.has(key)) continue;
          const [topic, partition] = key.split('\u0000');
          this.consumerLag.remove({ group, topic, partition });
          series.delete(key);
        }
      },
    };
  }
}
