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
import { ReferralLinkEntity } from './referral-links/referral-link.entity';
import { ReferralLinksModule } from './referral-links/referral-links.module';
import { ClicksModule } from './clicks/clicks.module';
import { CommissionEntity } from './commissions/commission.entity';
import { CommissionsModule } from './commissions/commissions.module';
import { FraudFlagEntity } from './fraud/fraud-flag.entity';
import { FraudModule } from './fraud/fraud.module';
import { OrdersModule } from './orders/orders.module';
import { AttributionModule } from './attribution/attribution.module';
import { OutcomeFeedModule } from './outcome-feed/outcome-feed.module';
import { IdeaAnswerEntity, IdeaEntity } from './ideas/idea.entity';
import { IdeasModule } from './ideas/ideas.module';
import { RecoveredCustomerEntity } from './program-health/recovered-customer.entity';
import { ProgramHealthModule } from './program-health/program-health.module';
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
        ReferralLinkEntity,
        CommissionEntity,
        FraudFlagEntity,
        IdeaEntity,
        IdeaAnswerEntity,
        RecoveredCustomerEntity,
        MissionEntity,
        MissionSubmissionEntity,
        LeaderboardEntryEntity,
      ],
      migrations,
      features: [
        ProgramsModule,
        CampaignModule,
        AmbassadorsModule,
        ReferralLinksModule,
        ClicksModule,
        CommissionsModule,
        FraudModule,
        OrdersModule,
        AttributionModule,
        OutcomeFeedModule,
        IdeasModule,
        ProgramHealthModule,
        MissionsModule,
        LeaderboardsModule,
      ],
      ...options,
    });
  }
}
