import { Module } from '@nestjs/common';
import { FollowUpResolver } from './follow-up.resolver';
import { FollowUpService } from './follow-up.service';
import { followUpSweeper } from './follow-up.sweeper';

@Module({ providers: [FollowUpService, followUpSweeper, FollowUpResolver], exports: [FollowUpService] })
export class FollowUpsModule {}
