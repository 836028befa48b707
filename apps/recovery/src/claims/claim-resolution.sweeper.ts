import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JsonLogger } from '@streetteam/platform';
import { ClaimResolutionService } from './claim-resolution.service';

/** How often pending refunds are looked for: a crash costs a customer at most the lease plus this. */
export const CLAIM_RESOLUTION_SWEEP_MS = 15_000;

/** Finishes refunds a crash or a Stripe outage left pending, on every replica (SKIP LOCKED shares them out). */
@Injectable()
export class ClaimResolutionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly resolutions: ClaimResolutionService,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, CLAIM_RESOLUTION_SWEEP_MS);
    this.timer.unref();
  }

  // Before the database closes, so a sweep in flight finishes.
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      const taken = await this.resolutions.sweep();
      if (taken > 0) this.logger.log({ msg: 'pending guarantee refunds taken up', taken }, 'ClaimResolutionSweeper');
    } catch (error) {
      // The next sweep tries again; a database blip must not stop the timer.
      this.logger.warn({ msg: 'claim resolution sweep failed', err: error instanceof Error ? error.message : String(error) }, 'ClaimResolutionSweeper');
    }
  }
}
