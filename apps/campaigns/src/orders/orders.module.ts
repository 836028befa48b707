import { Module } from '@nestjs/common';
import { CommissionsModule } from '../commissions/commissions.module';
import { ingestSignaturePruner } from './ingest-signature.pruner';
import { LeadStore } from './lead-store';
import { OrderStore } from './order-store';
import { RawBodyCapture } from './raw-body.capture';
import { RefundService } from './refund.service';
import { ShopIngestController } from './shop-ingest.controller';

@Module({
  imports: [CommissionsModule],
  controllers: [ShopIngestController],
  providers: [OrderStore, LeadStore, RefundService, RawBodyCapture, ingestSignaturePruner],
  exports: [OrderStore, LeadStore, RefundService],
})
export class OrdersModule {}
