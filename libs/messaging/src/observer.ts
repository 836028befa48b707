/**
 * What the backbone reports about itself. The platform's Prometheus metrics
 * implement it; this library does not depend on a metrics client.
 */
export interface MessagingObserver {
  eventHandled(consumer: string, type: string, outcome: 'handled' | 'duplicate' | 'dead-lettered' | 'retried'): void;
  outboxState(service: string, pending: number, oldestAgeSeconds: number): void;
  consumerLag(group: string, topic: string, partition: number, lag: number): void;
  /** The partitions of a group this process holds now (none once it stopped): lag reported for others is no longer its to report. */
  consumerPartitions(group: string, held: Array<{ topic: string; partition: number }>): void;
}

export const silentObserver: MessagingObserver = {
  eventHandled: () => undefined,
  outboxState: () => undefined,
  consumerLag: () => undefined,
  consumerPartitions: () => undefined,
};
