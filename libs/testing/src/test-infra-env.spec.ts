import { assertTestDatabase } from './test-infra-env';

describe('assertTestDatabase', () => {
  it('does accept a URL when its database name contains "test"', () => {
    expect(() => assertTestDatabase('postgres://u:p@127.0.0.1:5432/streetteam_test')).not.toThrow();
  });

  it('does refuse a URL when its database name does not say it is for tests', () => {
    expect(() => assertTestDatabase('postgres://u:p@db.internal:5432/streetteam')).toThrow(
      'refusing to use database "streetteam" for tests: its name must contain "test"',
    );
  });

  it('does refuse a URL when the test marker is only in the host or user', () => {
    expect(() => assertTestDatabase('postgres://tester:p@test-db:5432/production')).toThrow(/"production"/);
  });
});
