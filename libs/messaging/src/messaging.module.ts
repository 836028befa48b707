import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { catalogTopics } from '@streetteam/contracts';
import { EventConsumer, EventConsumerOptions } from './event-consumer';
import { KafkaBus } from './kafka-bus';
import { MessagingObserver, silentObserver } from './observer';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

export interface MessagingOptions {
  /** The producing service: `producer` in every envelope, and the outbox's lock names. */
  service: string;
  brokers: string[];
  topicPrefix?: string;
  /** Replicas that only serve reads may leave relaying to others. */
  relay?: boolean;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
/** Provide a MessagingObserver under this token (e.g. Prometheus metrics) to watch the backbone. */
export const MESSAGING_OBSERVER = Symbol('MESSAGING_OBSERVER');

/**
 * Creates the service's consumers and starts them once the whole app is up
 * (every feature has registered its handlers by then); stops them first on
 * shutdown, so in-flight batches finish and their offsets are committed.
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumers: EventConsumer[] = [];
  private started = false;

  constructor(
    private readonly bus: KafkaBus,
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Optional() @Inject(MESSAGING_OBSERVER) private readonly observer?: MessagingObserver,
  ) {}

  create(group: string, tuning: Pick<EventConsumerOptions, 'retry' | 'partitionsConsumedConcurrently' | 'fetch'> = {}): EventConsumer {
    if (this.started) throw new Error(`consumer ${group} must be created before the application starts`);
    const consumer = new EventConsumer({
      bus: this.bus,
      dataSource: this.dataSource,
      group,
      observer: this.observer ?? silentObserver,
      ...tuning,
    });
    this.consumers.push(consumer);
    return consumer;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    // Brokers don't create topics on demand; whichever service starts first creates them all.
    await this.bus.ensureTopics(catalogTopics().map((name) => ({ name })));
    await Promise.all(this.consumers.map((c) => c.start()));
    if (this.options.relay !== false) this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.relay.stop();
    await this.bus.close();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: KafkaBus,
          useFactory: () => new KafkaBus({ brokers: options.brokers, clientId: options.service, topicPrefix: options.topicPrefix }),
        },
        { provide: Outbox, useFactory: () => new Outbox(options.service) },
        {
          provide: OutboxRelay,
          inject: [DataSource, KafkaBus, Outbox, { token: MESSAGING_OBSERVER, optional: true }],
          useFactory: (dataSource: DataSource, bus: KafkaBus, outbox: Outbox, observer?: MessagingObserver) =>
            new OutboxRelay({ dataSource, bus, service: options.service, outbox, observer }),
        },
        EventConsumers,
      ],
      exports: [KafkaBus, Outbox, OutboxRelay, EventConsumers],
    };
  }
}
