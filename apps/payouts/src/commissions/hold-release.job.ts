import { periodicJobProvider } from '@streetteam/platform';
import { PAYOUTS_CONFIG, PayoutsConfig } from '../payouts-config';
import { CommissionService } from './commission.service';

/** Releases commissions whose hold passed, on every replica (SKIP LOCKED shares the work; nothing moves twice). */
export const holdReleaseJob = periodicJobProvider([CommissionService, PAYOUTS_CONFIG], (commissions: CommissionService, config: PayoutsConfig) => ({
  name: 'HoldReleaseJob',
  everyMs: config.jobIntervalMs,
  round: () => commissions.releaseDue(),
  report: (released) => `${released} commissions released`,
}));
