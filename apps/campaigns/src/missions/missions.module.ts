import { Module } from '@nestjs/common';
import { LeaderboardsModule } from '../leaderboards/leaderboards.module';
import { MissionResolver } from './mission.resolver';
import { MissionService } from './mission.service';

@Module({ imports: [LeaderboardsModule], providers: [MissionResolver, MissionService] })
export class MissionsModule {}
