import { Injectable, OnModuleInit } from '@nestjs/common';
import { ClaimResolved } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { ClaimService } from './claim.service';

export const CLAIMS_CONSUMER_GROUP = 'campaigns.claims';

@Injectable()
export class ClaimEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly claims: ClaimService,
  ) {}

  onModuleInit(): void {
    this.consumers.create(CLAIMS_CONSUMER_GROUP).on(ClaimResolved, (event, manager) => this.claims.resolved(manager, event.payload));
  }
}
