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
      .onBatch(CommissionEarned, (events, manager) => this.leaderboards.commissionsEarned(manager, events.map((e) => e.payload)))
      .onBatch(CommissionReversed, (events, manager) => this.leaderboards.commissionsReversed(manager, events.map((e) => e.payload)));
  }
}
