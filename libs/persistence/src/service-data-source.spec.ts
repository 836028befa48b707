import { assertSchemaName, serviceDataSourceOptions } from './service-data-source';

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
