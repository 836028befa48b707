import { HealthRegistry } from './health-registry';

describe('HealthRegistry', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('does report ready when no checks are registered', async () => {
    await expect(new HealthRegistry().readiness()).resolves.toEqual({ ready: true, checks: [] });
  });

  it('does count a check slower than two seconds as failed by default', async () => {
    jest.useFakeTimers();
    const health = new HealthRegistry();
    health.register('database', () => new Promise((resolve) => setTimeout(resolve, 2500)));
    const report = health.readiness();
    await jest.advanceTimersByTimeAsync(2001);
    await expect(report).resolves.toEqual({
      ready: false,
      checks: [{ name: 'database', ok: false, durationMs: expect.any(Number), error: 'timed out after 2000 ms' }],
    });
  });

  it('does count a check that resolves false as failed', async () => {
    const health = new HealthRegistry();
    health.register('kafka', async () => false);
    const report = await health.readiness();
    expect(report.checks[0]).toMatchObject({ name: 'kafka', ok: false, error: 'check reported not ready' });
  });

  it('does count a check that throws synchronously as failed', async () => {
    const health = new HealthRegistry();
    health.register('stripe', () => {
      throw new Error('no client');
    });
    const report = await health.readiness();
    expect(report).toMatchObject({ ready: false, checks: [{ name: 'stripe', ok: false, error: 'no client' }] });
  });

  it('does scrub credentials from check errors', async () => {
    const health = new HealthRegistry();
    health.register('database', async () => {
      throw new Error('cannot reach postgres://app:s3cret@db:5432/app');
    });
    const report = await health.readiness();
    expect(report.checks[0].error).toBe('cannot reach postgres://app:[REDACTED]@db:5432/app');
  });

  it('does stop being ready once shutdown begins', async () => {
    const health = new HealthRegistry();
    health.register('database', async () => undefined);
    health.onModuleDestroy();
    const report = await health.readiness();
    expect(report.ready).toBe(false);
    expect(report.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual(['shutdown']);
  });
});
