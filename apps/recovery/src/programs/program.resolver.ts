import { Inject } from '@nestjs/common';
import { Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Authenticated, Role, Roles } from '@streetteam/auth';
import { ProgramRecords } from '@streetteam/subgraph-service';
import { ProgramEntity } from './program.entity';
import { Program, ProgramGuaranteePolicy } from './program.model';

const toPolicy = (program: ProgramEntity): ProgramGuaranteePolicy => ({
  program: { id: program.id },
  recordedAt: program.recordedAt,
  guaranteeWindowDays: program.guaranteeWindowDays,
});

@Resolver(() => Program)
export class ProgramResolver {
  constructor(@Inject(ProgramRecords) private readonly programs: ProgramRecords<ProgramEntity>) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Program {
    return { id: reference.id };
  }

  @ResolveField(() => ProgramGuaranteePolicy, {
    nullable: true,
    description: 'Null until recovery has recorded the program (its ProgramCreated event arrived).',
  })
  @Authenticated()
  async guaranteePolicy(@Parent() program: Program): Promise<ProgramGuaranteePolicy | null> {
    const recorded = await this.programs.find(program.id);
    return recorded && toPolicy(recorded);
  }

  @Query(() => [ProgramGuaranteePolicy], { description: 'Every program recovery has recorded, oldest first: what support agents judge claims by.' })
  @Roles(Role.SUPPORT_AGENT, Role.ADMIN)
  async programGuaranteePolicies(): Promise<ProgramGuaranteePolicy[]> {
    return (await this.programs.list()).map(toPolicy);
  }
}
