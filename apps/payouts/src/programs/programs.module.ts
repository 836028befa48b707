import { Module } from '@nestjs/common';
import { programRecordsProviders } from '@streetteam/subgraph-service';
import { ProgramEntity } from './program.entity';
import { ProgramResolver } from './program.resolver';

@Module({
  providers: [
    ProgramResolver,
    ...programRecordsProviders(ProgramEntity, 'payouts.programs', (program) => ({
        id: program.programId,
        currency: program.currency,
        // Commissions are held at least the guarantee window, so a clawback after a
        // guarantee claim finds the money still here (DESIGN.md, Money).
        holdDays: program.guaranteeWindowDays,
      })),
  ],
})
export class ProgramsModule {}
