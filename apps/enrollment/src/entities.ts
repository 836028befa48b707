import { AccountEntity } from './accounts/account.entity';
import { ProgramEntity } from './programs/program.entity';

/** Every TypeORM entity of the service: the app, the migration CLI and the account CLI share this list. */
export const enrollmentEntities = [ProgramEntity, AccountEntity];
