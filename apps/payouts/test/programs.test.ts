import { Role } from '@streetteam/auth';
import { describeProgramRecords } from '@streetteam/service-testing';
import { PayoutsModule } from '../src/payouts.module';

describeProgramRecords({
  service: 'payouts',
  appModule: (config) => PayoutsModule.forRoot(config, { writeSchema: false }),
  field: 'payoutSettings',
  selection: 'recordedAt currency holdDays',
  expected: (p) => ({ currency: p.currency, holdDays: p.guaranteeWindowDays }),
  list: '{ programPayoutSettings { program { id } recordedAt } }',
  readers: [Role.FINANCE, Role.ADMIN],
});
