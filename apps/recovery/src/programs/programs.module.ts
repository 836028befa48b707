import { Module } from '@nestjs/common';
import { ProgramEventsConsumer } from './program-events.consumer';
import { ProgramResolver } from './program.resolver';
import { ProgramService } from './program.service';

@Module({ providers: [ProgramEventsConsumer, ProgramResolver, ProgramService] })
export class ProgramsModule {}
