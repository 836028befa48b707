import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommissionEarned, CommissionReversed } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { LeaderboardService } from './leaderboard.service';

export const LEADERBOARDS_CONSUMER_GROUP = 'campaigns.leaderboards';

/** Campaigns' own commission events move the boards: points and attributed sales, earned and reversed. */
@Injectable()
export class CommissionEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly leaderboards: LeaderboardService,
  ) {}

  onModuleInit(): void {
    this.consumers
      .create(LEADERBOARDS_CONSUMER_GROUP)
      .on(CommissionEarned, (event, manager) => this.leaderboards.commissionEarned(manager, event.payload))
      .on(CommissionReversed, (event, manager) => this.leaderboards.commissionReversed(manager, event.payload));
  }
}
