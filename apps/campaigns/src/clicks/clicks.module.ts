import { Module } from '@nestjs/common';
import { AttributionModule } from '../attribution/attribution.module';
import { FraudModule } from '../fraud/fraud.module';
import { ReferralLinksModule } from '../referral-links/referral-links.module';
import { ClickCounterService } from './click-counter.service';
import { ClickPublisher } from './click-publisher';
import { ClicksConsumer } from './clicks.consumer';
import { LinkDirectory } from './link-directory';
import { RedirectRoute } from './redirect.route';

@Module({
  imports: [ReferralLinksModule, FraudModule, AttributionModule],
  providers: [LinkDirectory, ClickPublisher, RedirectRoute, ClickCounterService, ClicksConsumer],
  exports: [LinkDirectory, ClickPublisher],
})
export class ClicksModule {}
