import { DataSource } from 'typeorm';
import { isRole, Role } from '@streetteam/auth';
import { ensureSchema, migrateWithLock, serviceDataSourceOptions } from '@streetteam/persistence';
import { EMBEDDED_DATABASE_URL } from '@streetteam/subgraph-service';
import { enrollmentEntities } from '../../entities';
import { migrations } from '../../migrations';
import { AccountEntity } from '../account.entity';
import { createStaffAccount } from '../staff-accounts';

export const CREATE_STAFF_ACCOUNT_USAGE =
  'usage: STAFF_ACCOUNT_PASSWORD=... create-staff-account --email <email> --role <ROLE>[,ROLE] [--role ...]\n' +
  '  roles: MARKETING_OPS, FINANCE, SUPPORT_AGENT, ADMIN; DATABASE_URL and DATABASE_SCHEMA (default enrollment) say where';

export class CreateStaffAccountUsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${CREATE_STAFF_ACCOUNT_USAGE}`);
    this.name = 'CreateStaffAccountUsageError';
  }
}

function parseArguments(argv: readonly string[]): { email: string; roles: Role[] } {
  let email: string | undefined;
  const roles: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--email' || flag === '--role') && (value === undefined || value.startsWith('--'))) {
      throw new CreateStaffAccountUsageError(`${flag} needs a value`);
    }
    if (flag === '--email') email = value;
    else if (flag === '--role') roles.push(...value.split(','));
    else throw new CreateStaffAccountUsageError(`unknown argument ${flag}`);
    i++;
  }
  if (!email) throw new CreateStaffAccountUsageError('--email is required');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new CreateStaffAccountUsageError(`unknown role(s): ${unknown.join(', ')}`);
  return { email, roles: roles as Role[] };
}

/**
 * Opens a staff account straight in the enrollment database (migrating it first), for the
 * first admin of a deployment, before anyone can call createStaffAccount. The password comes
 * from STAFF_ACCOUNT_PASSWORD, never from the command line, where `ps` would show it.
 */
export async function createStaffAccountFromCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<AccountEntity> {
  const { email, roles } = parseArguments(argv);
  const password = env.STAFF_ACCOUNT_PASSWORD;
  if (!password) throw new CreateStaffAccountUsageError('STAFF_ACCOUNT_PASSWORD is not set');
  const url = env.DATABASE_URL || EMBEDDED_DATABASE_URL;
  const schema = env.DATABASE_SCHEMA || 'enrollment';
  await ensureSchema(url, schema);
  const dataSource = new DataSource(
    // Two connections: migrateWithLock holds one for its lock while migrations use the other.
    serviceDataSourceOptions({ url, schema, entities: enrollmentEntities, migrations, poolSize: 2, applicationName: 'create-staff-account' }),
  );
  await dataSource.initialize();
  try {
    await migrateWithLock(dataSource, schema);
    return await createStaffAccount(dataSource, { email, password, roles }, 'cli');
  } finally {
    await dataSource.destroy();
  }
}
