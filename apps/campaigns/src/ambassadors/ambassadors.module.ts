import { Module } from '@nestjs/common';
import { AmbassadorEventsConsumer } from './ambassador-events.consumer';
import { AmbassadorRecordService } from './ambassador-record.service';
import { AmbassadorResolver } from './ambassador.resolver';

@Module({
  providers: [AmbassadorRecordService, AmbassadorResolver, AmbassadorEventsConsumer],
  exports: [AmbassadorRecordService],
})
export class AmbassadorsModule {}
