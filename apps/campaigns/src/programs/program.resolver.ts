import { Role } from '@streetteam/auth';
import { programSettingsResolver } from '@streetteam/subgraph-service';
import { ProgramEntity } from './program.entity';
import { Program, ProgramCampaignSettings } from './program.model';

export const ProgramResolver = programSettingsResolver<ProgramEntity, ProgramCampaignSettings>({
  program: Program,
  settings: ProgramCampaignSettings,
  service: 'campaigns',
  field: 'campaignSettings',
  query: 'programCampaignSettings',
  listRoles: [Role.MARKETING_OPS, Role.ADMIN],
  toSettings: (program) => ({ program: { id: program.id }, recordedAt: program.recordedAt, currency: program.currency }),
});
