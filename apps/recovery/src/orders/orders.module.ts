import { Module } from '@nestjs/common';
import { FollowUpsModule } from '../follow-ups/follow-ups.module';
import { OrderEventsConsumer } from './order-events.consumer';
import { OrderService } from './order.service';

@Module({ imports: [FollowUpsModule], providers: [OrderService, OrderEventsConsumer] })
export class OrdersModule {}
