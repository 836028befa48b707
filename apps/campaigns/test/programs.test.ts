import { Role } from '@streetteam/auth';
import { describeProgramRecords } from '@streetteam/service-testing';
import { CampaignsModule } from '../src/campaigns.module';

describeProgramRecords({
  service: 'campaigns',
  appModule: (config) => CampaignsModule.forRoot(config, { writeSchema: false }),
  field: 'campaignSettings',
  selection: 'recordedAt currency',
  expected: (p) => ({ currency: p.currency }),
  list: '{ programCampaignSettings { program { id } recordedAt } }',
  readers: [Role.MARKETING_OPS, Role.ADMIN],
});
