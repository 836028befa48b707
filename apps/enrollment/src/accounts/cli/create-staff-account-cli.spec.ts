import { createStaffAccountFromCli, CreateStaffAccountUsageError } from './create-staff-account-cli';

// Every refusal here happens before the database is touched.
describe('createStaffAccountFromCli', () => {
  const env = { STAFF_ACCOUNT_PASSWORD: 'a long passphrase' };

  it('refuses without --email, showing the usage', async () => {
    await expect(createStaffAccountFromCli(['--role', 'ADMIN'], env)).rejects.toThrow(
      expect.objectContaining({ name: 'CreateStaffAccountUsageError', message: expect.stringMatching(/^--email is required\nusage: /) }),
    );
  });

  it('names the unknown role', async () => {
    await expect(createStaffAccountFromCli(['--email', 'a@b.co', '--role', 'FINANCE,OWNER'], env)).rejects.toThrow('unknown role(s): OWNER');
  });

  it('refuses a flag without its value', async () => {
    await expect(createStaffAccountFromCli(['--email', '--role', 'ADMIN'], env)).rejects.toThrow('--email needs a value');
  });

  it('refuses when the password is not in the environment', async () => {
    await expect(createStaffAccountFromCli(['--email', 'a@b.co', '--role', 'ADMIN'], {})).rejects.toBeInstanceOf(CreateStaffAccountUsageError);
  });
});
