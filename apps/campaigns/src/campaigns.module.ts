import path from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { SubgraphServiceConfig, subgraphAppModule } from '@streetteam/subgraph-service';
import { campaignsEntities } from './entities';
import { migrations } from './migrations';
import { ProgramsModule } from './programs/programs.module';
import { CampaignModule } from './campaigns/campaign.module';
import { AmbassadorsModule } from './ambassadors/ambassadors.module';
import { ReferralLinksModule } from './referral-links/referral-links.module';
import { ClicksModule } from './clicks/clicks.module';
import { CommissionsModule } from './commissions/commissions.module';
import { FraudModule } from './fraud/fraud.module';
import { OrdersModule } from './orders/orders.module';
import { AttributionModule } from './attribution/attribution.module';
import { OutcomeFeedModule } from './outcome-feed/outcome-feed.module';
import { IdeasModule } from './ideas/ideas.module';
import { ProgramHealthModule } from './program-health/program-health.module';
import { MissionsModule } from './missions/missions.module';
import { LeaderboardsModule } from './leaderboards/leaderboards.module';
import { TrackingSettingsModule } from './tracking-settings';

@Module({})
export class CampaignsModule {
  static forRoot(config: SubgraphServiceConfig, options: { writeSchema?: boolean } = {}): DynamicModule {
    return subgraphAppModule(CampaignsModule, config, {
      appDir: path.join(__dirname, '..'),
      entities: campaignsEntities,
      migrations,
      features: [
        TrackingSettingsModule,
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
