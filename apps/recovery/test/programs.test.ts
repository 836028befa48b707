import { Role } from '@streetteam/auth';
import { describeProgramRecords } from '@streetteam/service-testing';
import { RecoveryModule } from '../src/recovery.module';

describeProgramRecords({
  service: 'recovery',
  appModule: (config) => RecoveryModule.forRoot(config, { writeSchema: false }),
  field: 'guaranteePolicy',
  selection: 'recordedAt guaranteeWindowDays',
  expected: (p) => ({ guaranteeWindowDays: p.guaranteeWindowDays }),
  list: '{ programGuaranteePolicies { program { id } recordedAt } }',
  readers: [Role.SUPPORT_AGENT, Role.MARKETING_OPS, Role.ADMIN],
});
