import { assertTestDatabase } from './test-database-guard';
import { assertSchemaName, serviceDataSourceOptions } from './service-data-source';

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

describe('serviceDataSourceOptions', () => {
  it('never synchronizes and points search_path at the service schema', () => {
    const options = serviceDataSourceOptions({ url: 'postgres://x/y', schema: 'payouts', entities: [], migrations: [] });
    expect(options.synchronize).toBe(false);
    expect((options.extra as { options: string }).options).toBe('-c search_path=payouts,public');
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => assertSchemaName('payouts; drop table x')).toThrow('must be a lowercase SQL identifier');
  });
});
