import { AccountEntity } from './accounts/account.entity';
import { AmbassadorEntity } from './ambassadors/ambassador.entity';
import { ApplicationEntity } from './applications/application.entity';
import { SelectionRuleVersionEntity } from './applications/selection-rule-version.entity';
import { ProgramEntity } from './programs/program.entity';
import { TierEntity } from './tiers/tier.entity';
import { TrainingModuleEntity } from './training/training-module.entity';

/** Every TypeORM entity of the service: the app, the migration CLI and the account CLI share this list. */
export const enrollmentEntities = [ProgramEntity, AccountEntity, SelectionRuleVersionEntity, ApplicationEntity, AmbassadorEntity, TrainingModuleEntity, TierEntity];
