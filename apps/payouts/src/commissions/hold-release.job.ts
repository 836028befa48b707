import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PAYOUTS_CONFIG, PayoutsConfig } from '../payouts-config';
import { Inject } from '@nestjs/common';
import { CommissionService } from './commission.service';

/** Every replica runs it; SKIP LOCKED shares the work and nothing moves twice. */
@Injectable()
export class HoldReleaseJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HoldReleaseJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly commissions: CommissionService,
    @Inject(PAYOUTS_CONFIG) private readonly config: PayoutsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.jobIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.commissions
        .releaseDue()
        .catch((error: unknown) => this.logger.error(`hold release failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.config.jobIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
