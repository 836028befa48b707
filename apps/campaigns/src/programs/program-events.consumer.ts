import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProgramCreated } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { ProgramService } from './program.service';

@Injectable()
export class ProgramEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly programs: ProgramService,
  ) {}

  onModuleInit(): void {
    this.consumers
      .create('campaigns.programs')
      .on(ProgramCreated, (event, manager) => this.programs.record(manager, event.payload));
  }
}
