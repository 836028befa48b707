import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '@streetteam/auth';
import { checkPassword, checkStaffRoles, normalizeEmail } from './account-rules';
import { AccountEntity } from './account.entity';
import { AccountErrorCode, AccountException } from './account.exception';
import { hashPassword } from './password-hashing';

export interface NewStaffAccount {
  email: string;
  password: string;
  roles: Role[];
}

/** Opens a staff account; shared by the admin mutation and the CLI, which has no Nest app. */
export async function createStaffAccount(dataSource: DataSource, input: NewStaffAccount, createdBy: string): Promise<AccountEntity> {
  const email = normalizeEmail(input.email);
  const password = checkPassword(input.password);
  const roles = checkStaffRoles(input.roles);
  const passwordHash = await hashPassword(password);
  try {
    return await dataSource.transaction((manager) =>
      manager.save(manager.create(AccountEntity, { id: randomUUID(), email, passwordHash, roles, ambassadorId: null, createdBy })),
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new AccountException(AccountErrorCode.EMAIL_TAKEN, `email "${email}" already has an account`);
    }
    throw error;
  }
}
