import { CreatePrograms1763924400000 } from './1763924400000-create-programs';
import { CreateAccounts1763996400000 } from './1763996400000-create-accounts';
import { CreateApplicationsAndAmbassadors1764000000000 } from './1764000000000-create-applications-and-ambassadors';
import { CreateTraining1764003600000 } from './1764003600000-create-training';
import { CreateTiers1764007200000 } from './1764007200000-create-tiers';
import { AddTrainingDeadlines1764010800000 } from './1764010800000-add-training-deadlines';
import { AddLastFailedLogin1764014400000 } from './1764014400000-add-last-failed-login';
import { CreateCommissionProgress1764018000000 } from './1764018000000-create-commission-progress';
import { CreateInvitations1764021600000 } from './1764021600000-create-invitations';
import { CreateCommissionProgressReversals1765200000000 } from './1765200000000-create-commission-progress-reversals';

/** In order; a committed migration is never edited, only followed by a new one. */
export const migrations = [
  CreatePrograms1763924400000, CreateAccounts1763996400000, CreateApplicationsAndAmbassadors1764000000000, CreateTraining1764003600000, CreateTiers1764007200000,
  AddTrainingDeadlines1764010800000,
  AddLastFailedLogin1764014400000,
  CreateCommissionProgress1764018000000,
  CreateInvitations1764021600000,
  CreateCommissionProgressReversals1765200000000,
];
