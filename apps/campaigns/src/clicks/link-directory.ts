import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReferralLinkEntity } from '../referral-links/referral-link.entity';
import { ReferralLinkService } from '../referral-links/referral-link.service';
import { TRACKING_SETTINGS, TrackingSettings } from '../tracking-settings';
import { redirectTemplate } from './click-rules';

export interface DirectoryLink {
  id: string;
  campaignId: string;
  ambassadorId: string;
  /** The 302's Location is prefix + click id + suffix: no URL parsing per request. */
  prefix: string;
  suffix: string;
}

interface LinkRow {
  id: string;
  slug: string;
  campaign_id: string;
  ambassador_id: string;
  destination_url: string;
  updated_at: Date;
}

/**
 * Every referral link by slug, in memory, so the redirect answers without Postgres.
 * Loaded in full at start; then every LINK_REFRESH_MS it asks only for links changed
 * since the last look (a few ms of overlap, so a link committed late is never missed).
 * Links made on this replica enter at once; a slug not yet seen (made on another
 * replica in the last second) is looked up once in Postgres, with a short timeout.
 * While Postgres is down the map keeps serving what it has. Memory: ~300 bytes a link.
 */
@Injectable()
export class LinkDirectory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LinkDirectory.name);
  private readonly bySlug = new Map<string, DirectoryLink>();
  private changedSince = new Date(0);
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  /** Slugs looked up and not found, forgotten at the next refresh (a burst of bad slugs asks once). */
  private misses = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TRACKING_SETTINGS) private readonly settings: TrackingSettings,
    links: ReferralLinkService,
  ) {
    links.onLinkSaved((link) => this.put(link));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.settings.linkRefreshMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get size(): number {
    return this.bySlug.size;
  }

  find(slug: string): DirectoryLink | undefined {
    return this.bySlug.get(slug);
  }

  /** For a slug the map doesn't know: one Postgres look, bounded, never an error to the caller. */
  async lookUp(slug: string): Promise<DirectoryLink | undefined> {
    if (this.misses.has(slug)) return undefined;
    try {
      const rows = (await withTimeout(
        this.dataSource.query('SELECT id, slug, campaign_id, ambassador_id, destination_url, updated_at FROM referral_links WHERE slug = $1', [slug]),
        300,
      )) as LinkRow[];
      if (rows.length === 0) {
        this.misses.add(slug);
        return undefined;
      }
      return this.putRow(rows[0]);
    } catch {
      return undefined;
    }
  }

  /** Loads links changed since the last look; concurrent calls share one query. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    // Overlap: a transaction that committed after our last query may carry an earlier updated_at.
    const since = new Date(this.changedSince.getTime() - 5_000);
    try {
      const rows = (await this.dataSource.query(
        'SELECT id, slug, campaign_id, ambassador_id, destination_url, updated_at FROM referral_links WHERE updated_at >= $1 ORDER BY updated_at',
        [since],
      )) as LinkRow[];
      for (const row of rows) this.putRow(row);
      this.misses = new Set();
    } catch (error) {
      // Postgres away: keep serving what we have; the next tick tries again.
      this.logger.warn(`link directory refresh failed, serving ${this.bySlug.size} known links: ${String(error)}`);
    }
  }

  private put(link: ReferralLinkEntity): void {
    this.putRow({ id: link.id, slug: link.slug, campaign_id: link.campaignId, ambassador_id: link.ambassadorId, destination_url: link.destinationUrl, updated_at: link.updatedAt });
  }

  private putRow(row: LinkRow): DirectoryLink {
    const entry = { id: row.id, campaignId: row.campaign_id, ambassadorId: row.ambassador_id, ...redirectTemplate(row.destination_url) };
    this.bySlug.set(row.slug, entry);
    this.misses.delete(row.slug);
    const updatedAt = new Date(row.updated_at);
    if (updatedAt > this.changedSince) this.changedSince = updatedAt;
    return entry;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
