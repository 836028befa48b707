import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JsonLogger } from '@streetteam/platform';
import { FollowUpService } from './follow-up.service';

/** How often due surveys are sent: a minute late on a days-long delay is fine. */
export const FOLLOW_UP_SWEEP_MS = 60_000;

/** Emits FollowUpRequested for every survey that is due, once, on every replica (SKIP LOCKED). */
@Injectable()
export class FollowUpSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly followUps: FollowUpService,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, FOLLOW_UP_SWEEP_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      const sent = await this.followUps.requestDue();
      if (sent > 0) this.logger.log({ msg: 'follow-up surveys requested', sent }, 'FollowUpSweeper');
    } catch (error) {
      this.logger.warn({ msg: 'follow-up sweep failed', err: error instanceof Error ? error.message : String(error) }, 'FollowUpSweeper');
    }
  }
}
