import { Module } from '@nestjs/common';
import { FollowUpResolver } from './follow-up.resolver';
import { FollowUpService } from './follow-up.service';
import { FollowUpSweeper } from './follow-up.sweeper';

@Module({ providers: [FollowUpService, FollowUpSweeper, FollowUpResolver], exports: [FollowUpService] })
export class FollowUpsModule {}
