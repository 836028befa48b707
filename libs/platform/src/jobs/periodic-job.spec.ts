import { Test } from '@nestjs/testing';
import { JsonLogger } from '../logging/json-logger';
import { PeriodicJob, periodicJobProvider } from './periodic-job';

describe('PeriodicJob', () => {
  const logger = () => ({ log: jest.fn(), warn: jest.fn() });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a round every interval and logs only the rounds that did something', async () => {
    const done = [0, 3];
    const log = logger();
    const job = new PeriodicJob({ name: 'Sweeper', everyMs: 1000, round: async () => done.shift() ?? 0, report: (n) => `${n} swept` }, log);
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(2000);
    await job.beforeApplicationShutdown();
    expect(done).toEqual([]);
    expect(log.log).toHaveBeenCalledTimes(1);
    expect(log.log).toHaveBeenCalledWith({ msg: '3 swept', done: 3 }, 'Sweeper');
  });

  it('never starts a round while the last one is still running, and stopping waits for it', async () => {
    let started = 0;
    let finish: () => void = () => undefined;
    const job = new PeriodicJob(
      { name: 'Slow', everyMs: 100, round: () => (started++, new Promise<number>((resolve) => (finish = () => resolve(0)))), report: String },
      logger(),
    );
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(1000);
    expect(started).toBe(1);
    let stopped = false;
    const stopping = job.beforeApplicationShutdown().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('logs a failed round as a warning and tries again next time', async () => {
    const outcomes = [new Error('connection terminated'), 2];
    const log = logger();
    const job = new PeriodicJob(
      {
        name: 'Flaky',
        everyMs: 100,
        round: async () => {
          const next = outcomes.shift();
          if (next instanceof Error) throw next;
          return next ?? 0;
        },
        report: (n) => `${n} done`,
      },
      log,
    );
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(250);
    await job.beforeApplicationShutdown();
    expect(log.warn).toHaveBeenCalledWith({ msg: 'Flaky round failed', err: 'connection terminated' }, 'Flaky');
    expect(log.log).toHaveBeenCalledWith({ msg: '2 done', done: 2 }, 'Flaky');
  });

  it('does nothing when turned off with an interval of 0', async () => {
    const round = jest.fn(async () => 1);
    const job = new PeriodicJob({ name: 'Off', everyMs: 0, round, report: String }, logger());
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(10_000);
    await job.beforeApplicationShutdown();
    expect(round).not.toHaveBeenCalled();
  });
});

describe('periodicJobProvider', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the job inside a Nest app from bootstrap until the app closes', async () => {
    class Sweeps {
      rounds = 0;
      async sweep(): Promise<number> {
        this.rounds++;
        return 0;
      }
    }
    const moduleRef = await Test.createTestingModule({
      providers: [
        Sweeps,
        { provide: JsonLogger, useValue: { log: jest.fn(), warn: jest.fn() } },
        periodicJobProvider([Sweeps], (sweeps: Sweeps) => ({ name: 'Sweeps', everyMs: 1000, round: () => sweeps.sweep(), report: String })),
      ],
    }).compile();
    const app = await moduleRef.createNestApplication().init();
    const sweeps = app.get(Sweeps);
    await jest.advanceTimersByTimeAsync(3000);
    expect(sweeps.rounds).toBe(3);
    await app.close();
    await jest.advanceTimersByTimeAsync(3000);
    expect(sweeps.rounds).toBe(3);
  });
});
