import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { LeadCaptured, OrderPlaced, OrderRefunded } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { RefundService } from '../orders/refund.service';
import { TRACKING_SETTINGS, TrackingSettings } from '../tracking-settings';
import { AttributionService } from './attribution.service';

export const ORDERS_CONSUMER_GROUP = 'campaigns.orders';

/** shop.order.v1 and shop.lead.v1, whether the shop published there itself or through POST /ingest/*: orders and leads in batches, refunds in order. */
@Injectable()
export class OrderEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly attribution: AttributionService,
    private readonly refunds: RefundService,
    @Inject(TRACKING_SETTINGS) private readonly settings: TrackingSettings,
  ) {}

  onModuleInit(): void {
    // CAMPAIGNS_ORDER_CONSUMER=off: this replica neither attributes orders and leads nor refunds; the group's other members do.
    if (!this.settings.orderConsumer) return new Logger(OrderEventsConsumer.name).log('order consumer off in this replica (CAMPAIGNS_ORDER_CONSUMER=off)');
    this.consumers
      .create(ORDERS_CONSUMER_GROUP)
      .onBatch(OrderPlaced, (events, manager) => this.attribution.attributeBatch(manager, events.map((e) => e.payload)))
      .onBatch(OrderRefunded, (events, manager) => this.refunds.handle(manager, events.map((e) => e.payload)))
      .onBatch(LeadCaptured, (events, manager) => this.attribution.attributeLeads(manager, events.map((e) => e.payload)));
  }
}
