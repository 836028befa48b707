import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { clicksIn, ReferralLinkClick, ReferralLinkClicks, ReferralLinkClicksPayload, ReferralLinkClicksV1, ReferralLinkClicksV1Payload } from '@streetteam/contracts';
import { BatchEventHandler, EventConsumers } from '@streetteam/messaging';
import { AttributionService } from '../attribution/attribution.service';
import { TRACKING_SETTINGS, TrackingSettings } from '../tracking-settings';
import { ClickCounterService } from './click-counter.service';

export const CLICKS_CONSUMER_GROUP = 'campaigns.clicks';

@Injectable()
export class ClicksConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly counter: ClickCounterService,
    private readonly attribution: AttributionService,
    @Inject(TRACKING_SETTINGS) private readonly settings: TrackingSettings,
  ) {}

  onModuleInit(): void {
    // A redirect-only replica (CAMPAIGNS_CLICK_CONSUMER=off) leaves the counting to the group's other members.
    if (!this.settings.clickConsumer) return new Logger(ClicksConsumer.name).log('click consumer off in this replica (CAMPAIGNS_CLICK_CONSUMER=off)');
    // Bigger fetches, bigger transactions: at thousands of clicks a second the cost per batch (transaction, inbox, five statements) is what counts, and a quarter second more before a click is counted costs nobody anything.
    const count: BatchEventHandler<ReferralLinkClicksPayload | ReferralLinkClicksV1Payload> = (events, manager) => this.count(manager, events.flatMap((e) => clicksIn(e.payload)));
    this.consumers
      .create(CLICKS_CONSUMER_GROUP, { fetch: { minBytes: 128 * 1024, maxWaitTimeInMs: 250 } })
      .onBatch(ReferralLinkClicks, count)
      // Events of version 1 wait on the topic from before version 2 was published.
      .onBatch(ReferralLinkClicksV1, count);
  }

  private async count(manager: EntityManager, clicks: ReferralLinkClick[]): Promise<void> {
    await this.counter.store(manager, clicks);
    // Every click id of the batch, stored now or before (a batch tried again): an order that arrived before its click waits for it.
    await this.attribution.clicksStored(manager, clicks.map((c) => c.clickId));
  }
}
