import { AmbassadorRecordEntity } from './ambassadors/ambassador-record.entity';
import { CampaignRuleVersionEntity } from './campaigns/campaign-rule-version.entity';
import { CampaignEntity } from './campaigns/campaign.entity';
import { FraudFlagEntity } from './fraud/fraud-flag.entity';
import { IdeaAnswerEntity, IdeaEntity } from './ideas/idea.entity';
import { MissionEntity, MissionSubmissionEntity } from './missions/mission.entity';
import { ProgramEntity } from './programs/program.entity';
import { ReferralLinkEntity } from './referral-links/referral-link.entity';

/** Every TypeORM entity of the service (more tables are reached with SQL): the app and the migration CLI share this list. */
export const campaignsEntities = [
  ProgramEntity,
  CampaignEntity,
  CampaignRuleVersionEntity,
  AmbassadorRecordEntity,
  ReferralLinkEntity,
  FraudFlagEntity,
  IdeaEntity,
  IdeaAnswerEntity,
  MissionEntity,
  MissionSubmissionEntity,
];
