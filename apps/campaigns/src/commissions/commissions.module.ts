import { Module } from '@nestjs/common';
import { ClaimEventsConsumer } from './claim-events.consumer';
import { ClaimService } from './claim.service';
import { CommissionService } from './commission.service';
import { PayoutEventsConsumer } from './payout-events.consumer';

@Module({
  providers: [CommissionService, ClaimService, PayoutEventsConsumer, ClaimEventsConsumer],
  exports: [CommissionService, ClaimService],
})
export class CommissionsModule {}
