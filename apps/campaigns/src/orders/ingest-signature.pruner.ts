import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { periodicJobProvider } from '@streetteam/platform';
import { TRACKING_SETTINGS, TrackingSettings } from '../tracking-settings';

/** A minute between rounds: the table only has to outlive the replay window, not track it closely. */
export const INGEST_SIGNATURE_PRUNE_MS = 60_000;

/**
 * Forgets signatures older than twice the replay window: a request that old is refused by
 * its timestamp anyway, so remembering it no longer guards against a replay.
 */
export const ingestSignaturePruner = periodicJobProvider(
  [getDataSourceToken(), TRACKING_SETTINGS],
  (dataSource: DataSource, settings: TrackingSettings) => ({
    name: 'IngestSignaturePruner',
    everyMs: INGEST_SIGNATURE_PRUNE_MS,
    round: async () => {
      const [, deleted] = (await dataSource.query(`DELETE FROM ingest_signatures WHERE seen_at < now() - make_interval(secs => $1)`, [
        settings.shopSignatureToleranceSeconds * 2,
      ])) as [unknown, number];
      return deleted;
    },
    report: (deleted) => `${deleted} expired shop signatures forgotten`,
  }),
);
