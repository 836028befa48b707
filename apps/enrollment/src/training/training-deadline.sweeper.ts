import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JsonLogger } from '@streetteam/platform';
import { AmbassadorService } from '../ambassadors/ambassador.service';

/** How often deadlines are checked: a minute late on a days-long grace period is fine. */
export const TRAINING_DEADLINE_SWEEP_MS = 60000;

/** Moves ambassadors whose training deadline passed to NEEDS_TRAINING, every minute, on every replica. */
@Injectable()
export class TrainingDeadlineSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly ambassadors: AmbassadorService,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, TRAINING_DEADLINE_SWEEP_MS);
    this.timer.unref();
  }

  // Before the database closes, so a sweep in flight finishes.
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      const moved = await this.ambassadors.enforceTrainingDeadlines();
      if (moved > 0) this.logger.log({ msg: 'ambassadors moved to NEEDS_TRAINING', moved }, 'TrainingDeadlineSweeper');
    } catch (error) {
      // The next sweep tries again; a database blip must not stop the timer.
      this.logger.warn({ msg: 'training deadline sweep failed', err: error instanceof Error ? error.message : String(error) }, 'TrainingDeadlineSweeper');
    }
  }
}
