import { Inject } from '@nestjs/common';
import { Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Authenticated, Role, Roles } from '@streetteam/auth';
import { ProgramRecords } from '@streetteam/subgraph-service';
import { ProgramEntity } from './program.entity';
import { Program, ProgramCampaignSettings } from './program.model';

const toSettings = (program: ProgramEntity): ProgramCampaignSettings => ({
  program: { id: program.id },
  recordedAt: program.recordedAt,
  currency: program.currency,
});

@Resolver(() => Program)
export class ProgramResolver {
  constructor(@Inject(ProgramRecords) private readonly programs: ProgramRecords<ProgramEntity>) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Program {
    return { id: reference.id };
  }

  @ResolveField(() => ProgramCampaignSettings, {
    nullable: true,
    description: 'Null until campaigns has recorded the program (its ProgramCreated event arrived).',
  })
  @Authenticated()
  async campaignSettings(@Parent() program: Program): Promise<ProgramCampaignSettings | null> {
    const recorded = await this.programs.find(program.id);
    return recorded && toSettings(recorded);
  }

  @Query(() => [ProgramCampaignSettings], { description: 'Every program campaigns has recorded, oldest first.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  async programCampaignSettings(): Promise<ProgramCampaignSettings[]> {
    return (await this.programs.list()).map(toSettings);
  }
}
