import { Module } from '@nestjs/common';
import { programRecordsProviders } from '@streetteam/subgraph-service';
import { ProgramEntity } from './program.entity';
import { ProgramResolver } from './program.resolver';
import { ProgramPolicyService } from './program.service';

@Module({
  providers: [
    ProgramResolver,
    ProgramPolicyService,
    ...programRecordsProviders(ProgramEntity, 'recovery.programs', (program) => ({ id: program.programId, guaranteeWindowDays: program.guaranteeWindowDays })),
  ],
})
export class ProgramsModule {}
