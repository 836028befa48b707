import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaigns/campaign.module';
import { AmbassadorReferralLinksResolver, ReferralLinkResolver } from './referral-link.resolver';
import { ReferralLinkService } from './referral-link.service';

@Module({
  imports: [CampaignModule],
  providers: [ReferralLinkService, ReferralLinkResolver, AmbassadorReferralLinksResolver],
  exports: [ReferralLinkService],
})
export class ReferralLinksModule {}
