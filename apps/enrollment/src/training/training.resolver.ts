import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { TrainingExceptionFilter } from './training-exception.filter';
import { CreateTrainingModuleInput, QuizAttemptResult, TrainingModule, TrainingModuleConnection } from './training.model';
import { TrainingService } from './training.service';
import { TrainingErrorCode, TrainingException } from './training.exception';

const STAFF = [Role.MARKETING_OPS, Role.SUPPORT_AGENT, Role.FINANCE, Role.ADMIN];

@Resolver(() => TrainingModule)
@UseFilters(TrainingExceptionFilter)
export class TrainingResolver {
  constructor(private readonly service: TrainingService) {}

  @Mutation(() => TrainingModule, { description: 'Marketing ops add a module with its quiz to a program.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  createTrainingModule(@Args('input') input: CreateTrainingModuleInput, @CurrentIdentity() identity: Identity): Promise<TrainingModule> {
    return this.service.createModule(input, identity.subject);
  }

  @Query(() => TrainingModuleConnection, { description: "A program's modules; an ambassador sees only their own program's." })
  @Authenticated()
  async trainingModules(
    @Args('programId', { type: () => ID }) programId: string,
    @CurrentIdentity() identity: Identity,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<TrainingModuleConnection> {
    await this.service.assertMayRead(programId, identity.ambassadorId, identity.roles.some((role) => STAFF.includes(role)));
    return this.service.list(programId, first, after ?? undefined);
  }

  @Mutation(() => QuizAttemptResult, { description: "An ambassador answers a module's quiz: one option index per question, in order." })
  @Roles(Role.AMBASSADOR)
  submitQuizAttempt(
    @Args('moduleId', { type: () => ID }) moduleId: string,
    @Args('answers', { type: () => [Int] }) answers: number[],
    @CurrentIdentity() identity: Identity,
  ): Promise<QuizAttemptResult> {
    if (!identity.ambassadorId) throw new TrainingException(TrainingErrorCode.NOT_AN_AMBASSADOR, 'only an ambassador may take a quiz');
    return this.service.attempt(identity.ambassadorId, moduleId, answers);
  }
}
