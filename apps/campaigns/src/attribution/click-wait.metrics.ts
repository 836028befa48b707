import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from '@streetteam/platform';
import { ClickWaitStore } from './click-wait-store';

/**
 * streetteam_click_waits{state}: the orders and leads waiting for their click, and those of
 * them whose decision failed. Each is a sale not credited yet; a failing one is what ops
 * must look at (its error is in click_waits.last_error). Counted at each scrape.
 */
@Injectable()
export class ClickWaitMetrics implements OnModuleInit {
  private readonly logger = new Logger(ClickWaitMetrics.name);

  constructor(
    private readonly metrics: Metrics,
    private readonly waits: ClickWaitStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const { waits, dataSource, logger } = this;
    new Gauge({
      name: 'streetteam_click_waits',
      help: 'Orders and leads waiting for their click (state="waiting"), and those of them whose decision failed and waits for its next try (state="failing").',
      labelNames: ['state'],
      registers: [this.metrics.registry],
      async collect() {
        try {
          const { waiting, failing } = await waits.counts(dataSource.manager);
          this.set({ state: 'waiting' }, waiting);
          this.set({ state: 'failing' }, failing);
        } catch (error) {
          // Postgres down: the last values stay, and the rest of /metrics is still served.
          logger.warn(`click waits not counted: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    });
  }
}
