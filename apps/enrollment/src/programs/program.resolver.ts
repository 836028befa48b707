import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { Authenticated, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { ProgramExceptionFilter } from './program-exception.filter';
import { CreateProgramInput, Program, ProgramConnection } from './program.model';
import { ProgramService } from './program.service';

@Resolver(() => Program)
@UseFilters(ProgramExceptionFilter)
export class ProgramResolver {
  constructor(private readonly service: ProgramService) {}

  @Mutation(() => Program, { description: 'Marketing ops open a new ambassador program.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  createProgram(@Args('input') input: CreateProgramInput, @CurrentIdentity() identity: Identity): Promise<Program> {
    return this.service.create(input, identity.subject);
  }

  @Query(() => Program)
  @Authenticated()
  program(@Args('id', { type: () => ID }) id: string): Promise<Program> {
    return this.service.get(id);
  }

  @Query(() => ProgramConnection)
  @Authenticated()
  programs(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ProgramConnection> {
    return this.service.list(first, after ?? undefined);
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Promise<Program> {
    return this.service.get(reference.id);
  }
}
