import { periodicJobProvider } from '@streetteam/platform';
import { ClaimResolutionService } from './claim-resolution.service';

/** How often pending refunds are looked for: a crash costs a customer at most the lease plus this. */
export const CLAIM_RESOLUTION_SWEEP_MS = 15_000;

/** Finishes refunds a crash or a Stripe outage left pending, on every replica (SKIP LOCKED shares them out). */
export const claimResolutionSweeper = periodicJobProvider([ClaimResolutionService], (resolutions: ClaimResolutionService) => ({
  name: 'ClaimResolutionSweeper',
  everyMs: CLAIM_RESOLUTION_SWEEP_MS,
  round: () => resolutions.sweep(),
  report: (taken) => `${taken} pending guarantee refunds taken up`,
}));
