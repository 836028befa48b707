import { assertTestDatabase } from './test-database-guard';

describe('assertTestDatabase', () => {
  it('accepts a database whose name says it is for tests', () => {
    expect(() => assertTestDatabase('postgres://u:p@127.0.0.1:5432/streetteam_test')).not.toThrow();
  });

  it('refuses a database whose name does not say test', () => {
    expect(() => assertTestDatabase('postgres://u:p@127.0.0.1:5432/streetteam')).toThrow(
      'refusing to run tests against database "streetteam"',
    );
  });

  it('refuses a database when the test marker is only in the host or user', () => {
    expect(() => assertTestDatabase('postgres://tester:p@test-db:5432/production')).toThrow(/"production"/);
  });
});
