import { Injectable, OnModuleInit } from '@nestjs/common';
import { OrderPlaced, OrderRefunded } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { RefundService } from '../orders/refund.service';
import { AttributionService } from './attribution.service';

export const ORDERS_CONSUMER_GROUP = 'campaigns.orders';

/** shop.order.v1, whether the shop published there itself or through POST /ingest/*: orders in batches, refunds in order. */
@Injectable()
export class OrderEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly attribution: AttributionService,
    private readonly refunds: RefundService,
  ) {}

  onModuleInit(): void {
    this.consumers
      .create(ORDERS_CONSUMER_GROUP)
      .onBatch(OrderPlaced, (events, manager) => this.attribution.attributeBatch(manager, events.map((e) => e.payload)))
      .onBatch(OrderRefunded, (events, manager) => this.refunds.handle(manager, events.map((e) => e.payload)));
  }
}
