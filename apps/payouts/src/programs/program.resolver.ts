import { Role } from '@streetteam/auth';
import { programSettingsResolver } from '@streetteam/subgraph-service';
import { ProgramEntity } from './program.entity';
import { Program, ProgramPayoutSettings } from './program.model';

export const ProgramResolver = programSettingsResolver<ProgramEntity, ProgramPayoutSettings>({
  program: Program,
  settings: ProgramPayoutSettings,
  service: 'payouts',
  field: 'payoutSettings',
  query: 'programPayoutSettings',
  listRoles: [Role.FINANCE, Role.ADMIN],
  toSettings: (program) => ({ program: { id: program.id }, recordedAt: program.recordedAt, currency: program.currency, holdDays: program.holdDays }),
});
