import { UseFilters } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Role, Roles } from '@streetteam/auth';
import { GuaranteeClaim } from '../claims/claim.model';
import { FollowUpExceptionFilter } from './follow-up.exception';
import { FollowUp, FollowUpAnswer, FollowUpAnswerInput, RecoveryRate } from './follow-up.model';
import { FollowUpService } from './follow-up.service';

@Resolver(() => GuaranteeClaim)
@UseFilters(FollowUpExceptionFilter)
export class FollowUpResolver {
  constructor(private readonly followUps: FollowUpService) {}

  @Mutation(() => FollowUpAnswer, { description: 'The customer answers the follow-up survey with the token from its link (no login). Once.' })
  @Public()
  async answerFollowUp(@Args('input') input: FollowUpAnswerInput): Promise<FollowUpAnswer> {
    const answered = await this.followUps.answer(input.surveyToken, input.satisfaction, input.comment ?? null);
    return { satisfaction: answered.satisfaction as number, answeredAt: answered.answeredAt as Date };
  }

  @Query(() => RecoveryRate, { description: 'Claims of a program resolved in [from, to), and the customers won back among them.' })
  @Roles(Role.MARKETING_OPS, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  async recoveryRate(@Args('programId', { type: () => ID }) programId: string, @Args('from') from: Date, @Args('to') to: Date): Promise<RecoveryRate> {
    return { programId, from, to, ...(await this.followUps.recoveryRate(programId, from, to)) };
  }

  @ResolveField(() => FollowUp, { nullable: true, description: 'The survey after the resolution; null before it.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  followUp(@Parent() claim: GuaranteeClaim): Promise<FollowUp | null> {
    return this.followUps.findByClaim(claim.id);
  }
}
