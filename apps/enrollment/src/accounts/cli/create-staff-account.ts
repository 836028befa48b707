// STAFF_ACCOUNT_PASSWORD=... node -r @swc-node/register apps/enrollment/src/accounts/cli/create-staff-account.ts --email a@b.co --role ADMIN
import 'reflect-metadata';
import { AccountException } from '../account.exception';
import { createStaffAccountFromCli, CreateStaffAccountUsageError } from './create-staff-account-cli';

createStaffAccountFromCli(process.argv.slice(2), process.env).then(
  (account) => {
    process.stdout.write(`created ${account.roles.join(',')} account ${account.id} for ${account.email}\n`);
  },
  (error: unknown) => {
    const known = error instanceof CreateStaffAccountUsageError || error instanceof AccountException;
    process.stderr.write(`create-staff-account: ${known || !(error instanceof Error) ? String((error as Error).message ?? error) : (error.stack ?? error.message)}\n`);
    process.exitCode = 1;
  },
);
