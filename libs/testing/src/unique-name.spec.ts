import { uniqueName } from './unique-name';

describe('uniqueName', () => {
  it('does give a lowercase identifier safe for Postgres and Kafka when the prefix has odd characters', () => {
    const name = uniqueName('Payouts Ledger-Test.v1');

    expect(name).toMatch(/^payouts_ledger_test_v1_[a-z0-9]{13}$/);
  });

  it('does start with a letter when the prefix starts with a digit', () => {
    expect(uniqueName('42campaigns')).toMatch(/^t_42campaigns_[a-z0-9]{13}$/);
  });

  it('does stay within the 63-byte Postgres identifier limit when the prefix is long', () => {
    expect(uniqueName('a'.repeat(200)).length).toBeLessThanOrEqual(63);
  });

  it('does differ between calls with the same prefix', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('enrollment')));

    expect(names.size).toBe(100);
  });
});
