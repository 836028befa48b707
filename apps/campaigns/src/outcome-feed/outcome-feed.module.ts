import { Module } from '@nestjs/common';
import { AmbassadorRewardFeedResolver, OutcomeFeedResolver } from './outcome-feed.resolver';
import { OutcomeFeedService } from './outcome-feed.service';

@Module({
  providers: [OutcomeFeedService, OutcomeFeedResolver, AmbassadorRewardFeedResolver],
})
export class OutcomeFeedModule {}
