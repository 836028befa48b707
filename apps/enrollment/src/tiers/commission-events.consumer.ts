import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommissionEarned, CommissionReversed } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { CommissionProgressService } from './commission-progress.service';

export const COMMISSIONS_CONSUMER_GROUP = 'enrollment.commissions';

@Injectable()
export class CommissionEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly progress: CommissionProgressService,
  ) {}

  onModuleInit(): void {
    this.consumers
      .create(COMMISSIONS_CONSUMER_GROUP)
      .on(CommissionEarned, (event, manager) => this.progress.earned(manager, event.payload))
      .on(CommissionReversed, (event, manager) => this.progress.reversed(manager, event.payload));
  }
}
