import { Injectable, OnModuleInit } from '@nestjs/common';
import { AmbassadorActivated, AmbassadorStatusChanged, AmbassadorTierChanged, ReferralCodeChanged } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { AmbassadorRecordService } from './ambassador-record.service';

export const AMBASSADORS_CONSUMER_GROUP = 'campaigns.ambassadors';

@Injectable()
export class AmbassadorEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly records: AmbassadorRecordService,
  ) {}

  onModuleInit(): void {
    this.consumers
      .create(AMBASSADORS_CONSUMER_GROUP)
      .on(AmbassadorStatusChanged, (event, manager) => this.records.statusChanged(manager, event.payload))
      .on(AmbassadorActivated, (event, manager) => this.records.activated(manager, event.payload))
      .on(ReferralCodeChanged, (event, manager) => this.records.codeChanged(manager, event.payload))
      .on(AmbassadorTierChanged, (event, manager) => this.records.tierChanged(manager, event.payload));
  }
}
