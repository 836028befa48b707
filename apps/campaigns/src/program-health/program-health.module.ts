import { Module } from '@nestjs/common';
import { ProgramHealthResolver } from './program-health.resolver';
import { ProgramHealthService } from './program-health.service';
import { RecoveryEventsConsumer } from './recovery-events.consumer';

@Module({ providers: [ProgramHealthService, ProgramHealthResolver, RecoveryEventsConsumer] })
export class ProgramHealthModule {}
