import path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { SubgraphServiceConfig, subgraphAppModule } from '@streetteam/subgraph-service';
import { migrations } from './migrations';
import { ProgramEntity } from './programs/program.entity';
import { ProgramsModule } from './programs/programs.module';
import { CampaignRuleVersionEntity } from './campaigns/campaign-rule-version.entity';
import { CampaignEntity } from './campaigns/campaign.entity';
import { CampaignModule } from './campaigns/campaign.module';
import { AmbassadorRecordEntity } from './ambassadors/ambassador-record.entity';
import { AmbassadorsModule } from './ambassadors/ambassadors.module';
import { IdeaAnswerEntity, IdeaEntity } from './ideas/idea.entity';
import { IdeasModule } from './ideas/ideas.module';
import { MissionEntity, MissionSubmissionEntity } from './missions/mission.entity';
import { MissionsModule } from './missions/missions.module';
import { LeaderboardEntryEntity } from './leaderboards/leaderboard-entry.entity';
import { LeaderboardsModule } from './leaderboards/leaderboards.module';

@Module({})
export class CampaignsModule {
  static forRoot(config: SubgraphServiceConfig, options: { writeSchema?: boolean } = {}): DynamicModule {
    return subgraphAppModule(CampaignsModule, config, {
      appDir: path.join(__dirname, '..'),
      entities: [
        ProgramEntity,
        CampaignEntity,
        CampaignRuleVersionEntity,
        AmbassadorRecordEntity,
        IdeaEntity,
        IdeaAnswerEntity,
        MissionEntity,
        MissionSubmissionEntity,
        LeaderboardEntryEntity,
      ],
      migrations,
      features: [
        ProgramsModule,
        CampaignModule,
        AmbassadorsModule,
        IdeasModule,
        MissionsModule,
        LeaderboardsModule,
      ],
      ...options,
    });
  }
}
