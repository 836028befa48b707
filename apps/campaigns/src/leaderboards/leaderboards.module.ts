import { Module } from '@nestjs/common';
import { CommissionEventsConsumer } from './commission-events.consumer';
import { LeaderboardResolver } from './leaderboard.resolver';
import { LeaderboardService } from './leaderboard.service';

@Module({ providers: [LeaderboardService, LeaderboardResolver, CommissionEventsConsumer], exports: [LeaderboardService] })
export class LeaderboardsModule {}
