import { periodicJobProvider } from '@streetteam/platform';
import { PAYOUTS_CONFIG, PayoutsConfig } from '../payouts-config';
import { FinalPayoutService } from './final-payout.service';

/** Pays offboarded ambassadors' final payouts, on every replica (ambassadors claimed with SKIP LOCKED). */
export const finalPayoutJob = periodicJobProvider([FinalPayoutService, PAYOUTS_CONFIG], (finalPayouts: FinalPayoutService, config: PayoutsConfig) => ({
  name: 'FinalPayoutJob',
  everyMs: config.jobIntervalMs,
  round: () => finalPayouts.payDue(),
  report: (paid) => `${paid} final payouts paid`,
}));
