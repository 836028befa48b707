import { Injectable, OnModuleInit } from '@nestjs/common';
import { OrderAttributed, OrderPlaced, OrderRefunded } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { OrderService } from './order.service';

export const ORDERS_CONSUMER_GROUP = 'recovery.orders';
export const ATTRIBUTION_CONSUMER_GROUP = 'recovery.attribution';

@Injectable()
export class OrderEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly orders: OrderService,
  ) {}

  onModuleInit(): void {
    this.consumers
      .create(ORDERS_CONSUMER_GROUP)
      .on(OrderPlaced, (event, manager) => this.orders.orderPlaced(manager, event.payload))
      .on(OrderRefunded, (event, manager) => this.orders.orderRefunded(manager, event.payload));
    this.consumers.create(ATTRIBUTION_CONSUMER_GROUP).on(OrderAttributed, (event, manager) => this.orders.orderAttributed(manager, event.payload));
  }
}
