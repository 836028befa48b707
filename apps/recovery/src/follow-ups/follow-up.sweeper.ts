import { periodicJobProvider } from '@streetteam/platform';
import { FollowUpService } from './follow-up.service';

/** How often due surveys are sent: a minute late on a days-long delay is fine. */
export const FOLLOW_UP_SWEEP_MS = 60_000;

/** Emits FollowUpRequested for every survey that is due, once, on every replica (SKIP LOCKED). */
export const followUpSweeper = periodicJobProvider([FollowUpService], (followUps: FollowUpService) => ({
  name: 'FollowUpSweeper',
  everyMs: FOLLOW_UP_SWEEP_MS,
  round: () => followUps.requestDue(),
  report: (sent) => `${sent} follow-up surveys requested`,
}));
