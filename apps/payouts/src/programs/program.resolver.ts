import { Inject } from '@nestjs/common';
import { Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Authenticated, Role, Roles } from '@streetteam/auth';
import { ProgramRecords } from '@streetteam/subgraph-service';
import { ProgramEntity } from './program.entity';
import { Program, ProgramPayoutSettings } from './program.model';

const toSettings = (program: ProgramEntity): ProgramPayoutSettings => ({
  program: { id: program.id },
  recordedAt: program.recordedAt,
  currency: program.currency,
  holdDays: program.holdDays,
});

@Resolver(() => Program)
export class ProgramResolver {
  constructor(@Inject(ProgramRecords) private readonly programs: ProgramRecords<ProgramEntity>) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Program {
    return { id: reference.id };
  }

  @ResolveField(() => ProgramPayoutSettings, {
    nullable: true,
    description: 'Null until payouts has recorded the program (its ProgramCreated event arrived).',
  })
  @Authenticated()
  async payoutSettings(@Parent() program: Program): Promise<ProgramPayoutSettings | null> {
    const recorded = await this.programs.find(program.id);
    return recorded && toSettings(recorded);
  }

  @Query(() => [ProgramPayoutSettings], { description: 'Every program payouts has recorded, oldest first.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async programPayoutSettings(): Promise<ProgramPayoutSettings[]> {
    return (await this.programs.list()).map(toSettings);
  }
}
