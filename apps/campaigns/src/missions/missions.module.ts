import { Module } from '@nestjs/common';
import { CommissionsModule } from '../commissions/commissions.module';
import { LeaderboardsModule } from '../leaderboards/leaderboards.module';
import { MissionResolver } from './mission.resolver';
import { MissionService } from './mission.service';

@Module({ imports: [LeaderboardsModule, CommissionsModule], providers: [MissionResolver, MissionService] })
export class MissionsModule {}
