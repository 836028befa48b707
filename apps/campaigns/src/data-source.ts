// The DataSource the TypeORM migration CLI uses (nx run campaigns:migrate); the app builds
// the same options through SubgraphServiceModule.
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '@streetteam/persistence';
import { EMBEDDED_DATABASE_URL } from '@streetteam/subgraph-service';
import { migrations } from './migrations';
import { ProgramEntity } from './programs/program.entity';
import { CampaignRuleVersionEntity } from './campaigns/campaign-rule-version.entity';
import { CampaignEntity } from './campaigns/campaign.entity';
import { AmbassadorRecordEntity } from './ambassadors/ambassador-record.entity';
import { ReferralLinkEntity } from './referral-links/referral-link.entity';
import { CommissionEntity } from './commissions/commission.entity';
import { FraudFlagEntity } from './fraud/fraud-flag.entity';
import { IdeaAnswerEntity, IdeaEntity } from './ideas/idea.entity';
import { RecoveredCustomerEntity } from './program-health/recovered-customer.entity';
import { MissionEntity, MissionSubmissionEntity } from './missions/mission.entity';
import { LeaderboardEntryEntity } from './leaderboards/leaderboard-entry.entity';

export default new DataSource(
  serviceDataSourceOptions({
    url: process.env.DATABASE_URL ?? EMBEDDED_DATABASE_URL,
    schema: 'campaigns',
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
  }),
);
