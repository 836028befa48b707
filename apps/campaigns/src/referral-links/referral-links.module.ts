import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaigns/campaign.module';
import { trackingSettingsProvider } from '../tracking-settings';
import { AmbassadorReferralLinksResolver, ReferralLinkResolver } from './referral-link.resolver';
import { ReferralLinkService } from './referral-link.service';

@Module({
  imports: [CampaignModule],
  providers: [trackingSettingsProvider, ReferralLinkService, ReferralLinkResolver, AmbassadorReferralLinksResolver],
  exports: [ReferralLinkService],
})
export class ReferralLinksModule {}
