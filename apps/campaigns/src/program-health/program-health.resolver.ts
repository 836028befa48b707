import { UseFilters } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Role, Roles } from '@streetteam/auth';
import { ProgramHealthExceptionFilter } from './program-health-exception.filter';
import { ProgramHealth } from './program-health.model';
import { ProgramHealthService } from './program-health.service';

@Resolver(() => ProgramHealth)
@UseFilters(ProgramHealthExceptionFilter)
export class ProgramHealthResolver {
  constructor(private readonly service: ProgramHealthService) {}

  @Query(() => ProgramHealth, { description: "A program's health over [from, to), at most 366 days." })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  programHealth(@Args('programId', { type: () => ID }) programId: string, @Args('from') from: Date, @Args('to') to: Date): Promise<ProgramHealth> {
    return this.service.report(programId, from, to);
  }
}
