import { Module } from '@nestjs/common';
import { CommissionEventsConsumer } from './commission-events.consumer';
import { CommissionProgressService } from './commission-progress.service';
import { TierResolver } from './tier.resolver';
import { TierService } from './tier.service';

@Module({ providers: [TierResolver, TierService, CommissionProgressService, CommissionEventsConsumer], exports: [TierService] })
export class TiersModule {}
