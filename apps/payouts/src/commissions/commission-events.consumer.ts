import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommissionEarned, CommissionHoldChanged, CommissionReversed } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { CommissionService } from './commission.service';

export const COMMISSIONS_CONSUMER_GROUP = 'payouts.commissions';

@Injectable()
export class CommissionEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly commissions: CommissionService,
  ) {}

  onModuleInit(): void {
    this.consumers
      .create(COMMISSIONS_CONSUMER_GROUP)
      .onBatch(CommissionEarned, async (events, manager) => {
        await this.commissions.earned(manager, events.map((e) => e.payload));
      })
      .on(CommissionReversed, (event, manager) => this.commissions.reversed(manager, event.payload))
      .on(CommissionHoldChanged, (event, manager) => this.commissions.holdChanged(manager, event.payload));
  }
}
