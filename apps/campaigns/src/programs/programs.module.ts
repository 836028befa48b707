import { Module } from '@nestjs/common';
import { programRecordsProviders } from '@streetteam/subgraph-service';
import { ProgramEntity } from './program.entity';
import { ProgramResolver } from './program.resolver';

@Module({
  providers: [
    ProgramResolver,
    ...programRecordsProviders(ProgramEntity, 'campaigns.programs', (program) => ({
      id: program.programId,
      currency: program.currency,
      guaranteeWindowDays: program.guaranteeWindowDays,
    })),
  ],
})
export class ProgramsModule {}
