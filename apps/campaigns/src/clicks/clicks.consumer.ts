import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReferralLinkClicked } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { ClickCounterService } from './click-counter.service';

export const CLICKS_CONSUMER_GROUP = 'campaigns.clicks';

@Injectable()
export class ClicksConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly counter: ClickCounterService,
  ) {}

  onModuleInit(): void {
    this.consumers.create(CLICKS_CONSUMER_GROUP).onBatch(ReferralLinkClicked, (events, manager) => this.counter.store(manager, events));
  }
}
