import { BeforeApplicationShutdown, InjectionToken, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { JsonLogger } from '../logging/json-logger';

export interface PeriodicJobOptions {
  /** Names the job in logs (a class-like name, e.g. `FollowUpSweeper`). */
  name: string;
  /** Milliseconds between rounds; 0 or less turns the job off (tests that drive it by hand). */
  everyMs: number;
  /** One round; returns how many things it did (0: nothing to say). */
  round: () => Promise<number>;
  /** The log line for a round that did something. */
  report: (done: number) => string;
}

/**
 * Work a service does on a timer (sweepers, hold releases). Every replica runs it; the
 * round itself must share work safely (SKIP LOCKED). A round never overlaps the last one,
 * a failed round is logged and the next one tries again, and stopping waits for the round
 * in flight, before the database closes.
 */
export class PeriodicJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly options: PeriodicJobOptions,
    private readonly logger: Pick<JsonLogger, 'log' | 'warn'>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.everyMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.runRound().finally(() => (this.running = undefined));
    }, this.options.everyMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async runRound(): Promise<void> {
    try {
      const done = await this.options.round();
      if (done > 0) this.logger.log({ msg: this.options.report(done), done }, this.options.name);
    } catch (error) {
      // A database blip must not stop the timer.
      this.logger.warn({ msg: `${this.options.name} round failed`, err: error instanceof Error ? error.message : String(error) }, this.options.name);
    }
  }
}

/**
 * A PeriodicJob as a Nest provider: `periodicJobProvider([FollowUpService], (followUps) => ({ … }))`.
 * Nest runs its bootstrap and shutdown hooks like any provider's.
 */
export function periodicJobProvider<D extends unknown[]>(inject: { [K in keyof D]: InjectionToken }, options: (...deps: D) => PeriodicJobOptions): Provider {
  const built = (...args: unknown[]) => options(...(args.slice(0, -1) as D));
  return {
    provide: Symbol('PeriodicJob'),
    inject: [...inject, JsonLogger],
    useFactory: (...args: unknown[]) => new PeriodicJob(built(...args), args[args.length - 1] as JsonLogger),
  };
}
