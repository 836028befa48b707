import { hashPassword, verifyPassword } from './password-hashing';

describe('password hashing', () => {
  it('stores an argon2id hash that verifies the password and nothing else', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'Correct horse battery')).toBe(false);
  });

  it('salts each hash, so equal passwords are not equal hashes', async () => {
    expect(await hashPassword('same passphrase')).not.toBe(await hashPassword('same passphrase'));
  });
});
