import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AmbassadorRecordEntity } from '../ambassadors/ambassador-record.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { TRACKING_SETTINGS, TrackingSettings } from '../tracking-settings';
import { ReferralLinkEntity } from './referral-link.entity';
import { ReferralLinkErrorCode, ReferralLinkException } from './referral-link.exception';
import { destinationWithUtm, linkRefusal, newSlug } from './referral-link-rules';

export interface LinkClickStats {
  counted: number;
  received: number;
  last30DaysCounted: number;
}

const refusals = {
  OTHER_PROGRAM: 'the ambassador belongs to another program',
  AMBASSADOR_NOT_ACTIVE: 'the ambassador is not active',
  CAMPAIGN_NOT_ACTIVE: 'the campaign is not active',
  TIER_NOT_ELIGIBLE: 'the ambassador\'s tier is not eligible for this campaign',
  NO_LANDING_URL: 'the campaign has no landingUrl yet',
} as const;

@Injectable()
export class ReferralLinkService {
  private readonly listeners: Array<(link: ReferralLinkEntity) => void> = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TRACKING_SETTINGS) private readonly settings: TrackingSettings,
  ) {}

  /** The redirect's directory hears of links made here at once (other replicas poll). */
  onLinkSaved(listener: (link: ReferralLinkEntity) => void): void {
    this.listeners.push(listener);
  }

  shortUrl(link: { slug: string }): string {
    return `${this.settings.publicUrl}/r/${link.slug}`;
  }

  /** The ambassador's link in the campaign: made once, the same link on every later ask. */
  async getOrCreate(campaignId: string, ambassadorId: string, now = new Date()): Promise<ReferralLinkEntity> {
    const link = await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(ReferralLinkEntity, { where: { campaignId, ambassadorId } });
      if (existing) return existing;
      const campaign = await manager.findOne(CampaignEntity, { where: { id: campaignId } });
      if (!campaign) throw new ReferralLinkException(ReferralLinkErrorCode.CAMPAIGN_NOT_FOUND, `campaignId: no campaign ${campaignId}`);
      const ambassador = await manager.findOne(AmbassadorRecordEntity, { where: { id: ambassadorId } });
      if (!ambassador) throw new ReferralLinkException(ReferralLinkErrorCode.AMBASSADOR_NOT_FOUND, `ambassadorId: campaigns has no record of ambassador ${ambassadorId}`);
      const refusal = linkRefusal(ambassador, campaign);
      if (refusal) throw new ReferralLinkException(ReferralLinkErrorCode.NOT_ELIGIBLE, `campaignId: no link: ${refusals[refusal]}`, { refusal });
      const slug = newSlug();
      const created = manager.create(ReferralLinkEntity, {
        id: randomUUID(),
        campaignId,
        ambassadorId,
        slug,
        destinationUrl: destinationWithUtm(campaign.landingUrl as string, { campaignId, referralCode: ambassador.referralCode, slug }),
        createdAt: now,
        updatedAt: now,
      });
      // Two asks at once: the second finds the first's link instead of failing.
      const inserted = (await manager.query(
        `INSERT INTO referral_links (id, campaign_id, ambassador_id, slug, destination_url, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (campaign_id, ambassador_id) DO NOTHING RETURNING id`,
        [created.id, campaignId, ambassadorId, slug, created.destinationUrl, now],
      )) as unknown[];
      return inserted.length > 0 ? created : ((await manager.findOne(ReferralLinkEntity, { where: { campaignId, ambassadorId } })) as ReferralLinkEntity);
    });
    for (const listener of this.listeners) listener(link);
    return link;
  }

  listForAmbassador(ambassadorId: string): Promise<ReferralLinkEntity[]> {
    return this.dataSource.getRepository(ReferralLinkEntity).find({ where: { ambassadorId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  async stats(linkId: string, now = new Date()): Promise<LinkClickStats> {
    const since = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(sum(counted), 0)::int AS counted, coalesce(sum(received), 0)::int AS received,
              coalesce(sum(counted) FILTER (WHERE day >= $2::date), 0)::int AS recent
         FROM link_daily_clicks WHERE link_id = $1`,
      [linkId, since],
    )) as Array<{ counted: number; received: number; recent: number }>;
    return { counted: row.counted, received: row.received, last30DaysCounted: row.recent };
  }

  async discountCode(ambassadorId: string): Promise<string | null> {
    const record = await this.dataSource.getRepository(AmbassadorRecordEntity).findOne({ where: { id: ambassadorId } });
    return record?.referralCode ?? null;
  }
}
