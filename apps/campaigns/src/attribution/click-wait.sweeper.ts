import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { periodicJobProvider } from '@streetteam/platform';
import { TRACKING_SETTINGS, TrackingSettings } from '../tracking-settings';
import { AttributionService, CLICK_WAIT_SWEEP_BATCH } from './attribution.service';

/** Half a minute between rounds: late on an hour's grace by that at most, and as late on a click stored while its order was being parked. */
export const CLICK_WAIT_SWEEP_MS = 30_000;

/**
 * Decides the orders and leads that waited for their click past the grace period (without
 * it), or whose click was stored after all, a transaction per batch until none is left; on
 * every replica that attributes orders (SKIP LOCKED shares the work, nothing is decided twice).
 */
export const clickWaitSweeper = periodicJobProvider(
  [getDataSourceToken(), AttributionService, TRACKING_SETTINGS],
  (dataSource: DataSource, attribution: AttributionService, settings: TrackingSettings) => ({
    name: 'ClickWaitSweeper',
    everyMs: settings.orderConsumer ? CLICK_WAIT_SWEEP_MS : 0,
    round: async () => {
      let decided = 0;
      for (;;) {
        // Those that failed are logged one by one (and wait for their next try): the round counts the decided.
        const batch = await dataSource.transaction((manager) => attribution.decideOverdue(manager));
        decided += batch.decided;
        if (batch.decided + batch.failed < CLICK_WAIT_SWEEP_BATCH) return decided;
      }
    },
    report: (decided) => `${decided} orders and leads that waited for their click decided`,
  }),
);
