import { Inject, UseFilters } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Authenticated, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { ProgramRecords } from '@streetteam/subgraph-service';
import { ProgramEntity } from './program.entity';
import { ProgramExceptionFilter } from './program.exception';
import { GuaranteePolicy, GuaranteePolicyInput, Program } from './program.model';
import { ProgramPolicyService } from './program.service';

export const toPolicy = (program: ProgramEntity): GuaranteePolicy => ({
  program: { id: program.id },
  recordedAt: program.recordedAt,
  guaranteeWindowDays: program.guaranteeWindowDays,
  allowedResolutions: program.allowedResolutions,
  clawbackReasons: program.clawbackReasons,
  followUpDelayHours: program.followUpDelayHours,
  reorderWindowDays: program.reorderWindowDays,
  slaHours: program.slaHours,
  abuseReportThreshold: program.abuseReportThreshold,
  claimCountThreshold: program.claimCountThreshold,
  claimCountPeriodDays: program.claimCountPeriodDays,
  policyUpdatedAt: program.policyUpdatedAt,
});

@Resolver(() => Program)
@UseFilters(ProgramExceptionFilter)
export class ProgramResolver {
  constructor(
    @Inject(ProgramRecords) private readonly programs: ProgramRecords<ProgramEntity>,
    private readonly policies: ProgramPolicyService,
  ) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Program {
    return { id: reference.id };
  }

  @ResolveField(() => GuaranteePolicy, {
    nullable: true,
    description: 'Null until recovery has recorded the program (its ProgramCreated event arrived).',
  })
  @Authenticated()
  async guaranteePolicy(@Parent() program: Program): Promise<GuaranteePolicy | null> {
    const recorded = await this.programs.find(program.id);
    return recorded && toPolicy(recorded);
  }

  @Query(() => [GuaranteePolicy], { description: 'Every program recovery has recorded, oldest first: what claims are judged by.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.MARKETING_OPS, Role.ADMIN)
  async programGuaranteePolicies(): Promise<GuaranteePolicy[]> {
    return (await this.programs.list()).map(toPolicy);
  }

  @Mutation(() => GuaranteePolicy, { description: "Marketing ops change a program's guarantee; claims opened from now on are judged by it." })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  async setGuaranteePolicy(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('policy') policy: GuaranteePolicyInput,
    @CurrentIdentity() identity: Identity,
  ): Promise<GuaranteePolicy> {
    return toPolicy(await this.policies.setPolicy(programId, policy, identity.subject));
  }
}
