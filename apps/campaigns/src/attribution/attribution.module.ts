import { Module } from '@nestjs/common';
import { CommissionsModule } from '../commissions/commissions.module';
import { FraudModule } from '../fraud/fraud.module';
import { OrdersModule } from '../orders/orders.module';
import { AttributionService } from './attribution.service';
import { OrderEventsConsumer } from './order-events.consumer';

@Module({
  imports: [OrdersModule, CommissionsModule, FraudModule],
  providers: [AttributionService, OrderEventsConsumer],
})
export class AttributionModule {}
