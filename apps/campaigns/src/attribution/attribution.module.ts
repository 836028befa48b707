import { Module } from '@nestjs/common';
import { CommissionsModule } from '../commissions/commissions.module';
import { FraudModule } from '../fraud/fraud.module';
import { OrdersModule } from '../orders/orders.module';
import { AttributionService } from './attribution.service';
import { ClickWaitStore } from './click-wait-store';
import { ClickWaitMetrics } from './click-wait.metrics';
import { clickWaitSweeper } from './click-wait.sweeper';
import { OrderEventsConsumer } from './order-events.consumer';

@Module({
  imports: [OrdersModule, CommissionsModule, FraudModule],
  providers: [AttributionService, ClickWaitStore, ClickWaitMetrics, OrderEventsConsumer, clickWaitSweeper],
  // The click consumer decides, in its own transaction, the orders and leads that waited for the clicks it stores.
  exports: [AttributionService],
})
export class AttributionModule {}
