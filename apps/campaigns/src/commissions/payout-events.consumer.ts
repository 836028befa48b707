import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommissionReleased, PayoutPaid } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { CommissionService } from './commission.service';

export const PAYOUTS_CONSUMER_GROUP = 'campaigns.payouts';

/** What payouts did with a commission, for the ambassador's outcome feed: available, then paid. */
@Injectable()
export class PayoutEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly commissions: CommissionService,
  ) {}

  onModuleInit(): void {
    this.consumers
      .create(PAYOUTS_CONSUMER_GROUP)
      .on(CommissionReleased, (event, manager) => this.commissions.released(manager, event.payload.commissionId, event.payload.releasedAt))
      .on(PayoutPaid, (event, manager) => this.commissions.paid(manager, event.payload.commissionIds, event.payload.payoutId, event.payload.paidAt));
  }
}
