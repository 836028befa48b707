import { periodicJobProvider } from '@streetteam/platform';
import { AmbassadorService } from '../ambassadors/ambassador.service';

/** How often deadlines are checked: a minute late on a days-long grace period is fine. */
export const TRAINING_DEADLINE_SWEEP_MS = 60_000;

/** Moves ambassadors whose training deadline passed to NEEDS_TRAINING, every minute, on every replica. */
export const trainingDeadlineSweeper = periodicJobProvider([AmbassadorService], (ambassadors: AmbassadorService) => ({
  name: 'TrainingDeadlineSweeper',
  everyMs: TRAINING_DEADLINE_SWEEP_MS,
  round: () => ambassadors.enforceTrainingDeadlines(),
  report: (moved) => `${moved} ambassadors moved to NEEDS_TRAINING`,
}));
