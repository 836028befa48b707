import { UseFilters } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { CurrentIdentity, Identity, Public, Role, Roles } from '@streetteam/auth';
import { ApplicationStatus } from './application-scoring';
import { ApplicationExceptionFilter } from './application-exception.filter';
import {
  AmbassadorApplication,
  AmbassadorApplicationConnection,
  ApplicationOutcome,
  ApplicationStatusEnum,
  DecideApplicationInput,
  SelectionRulesInput,
  SelectionRuleVersion,
  SubmitApplicationInput,
  SubmittedApplication,
} from './application.model';
import { ApplicationErrorCode, ApplicationException } from './application.exception';
import { ApplicationService, CurrentRules } from './application.service';

const toVersion = ({ programId, version, rules }: CurrentRules): SelectionRuleVersion => ({ programId, version, ...rules, inviteRecoveredCustomers: rules.inviteRecoveredCustomers === true });

// An applicant token is 32 characters; anything much longer is not one.
function applicantTokenArg(token: string): string {
  if (token.length > 100) throw new ApplicationException(ApplicationErrorCode.NOT_FOUND, 'no application has this applicant token');
  return token;
}

@Resolver(() => AmbassadorApplication)
@UseFilters(ApplicationExceptionFilter)
export class ApplicationResolver {
  constructor(private readonly service: ApplicationService) {}

  @Mutation(() => SelectionRuleVersion, { description: 'Marketing ops set new selection rules: a new version, used for applications from now on.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  async setSelectionRules(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('rules') rules: SelectionRulesInput,
    @CurrentIdentity() identity: Identity,
  ): Promise<SelectionRuleVersion> {
    return toVersion(await this.service.setRules(programId, { ...rules, autoApproveScore: rules.autoApproveScore ?? null, capacity: rules.capacity ?? null }, identity.subject));
  }

  @Query(() => SelectionRuleVersion, { description: "A program's selection rules in force; public, so applicants see its questions." })
  @Public()
  async selectionRules(@Args('programId', { type: () => ID }) programId: string): Promise<SelectionRuleVersion> {
    return toVersion(await this.service.currentRules(programId));
  }

  @Mutation(() => SubmittedApplication, { description: 'Anyone may apply; limited per client address and per email.' })
  @Public()
  async submitApplication(@Args('input') input: SubmitApplicationInput, @Context('req') req: Request): Promise<SubmittedApplication> {
    // req.ip honours X-Forwarded-For only when Express is told to trust the proxy in front.
    const { application, applicantToken } = await this.service.submit(input, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    return { applicantToken, application };
  }

  @Query(() => ApplicationOutcome, { description: 'The applicant follows their application with the token they got when submitting.' })
  @Public()
  myApplication(@Args('applicantToken') applicantToken: string): Promise<ApplicationOutcome> {
    return this.service.findByApplicantToken(applicantTokenArg(applicantToken));
  }

  @Mutation(() => ApplicationOutcome, { description: 'The applicant withdraws their open application.' })
  @Public()
  withdrawApplication(@Args('applicantToken') applicantToken: string): Promise<ApplicationOutcome> {
    return this.service.withdraw(applicantTokenArg(applicantToken));
  }

  @Query(() => AmbassadorApplicationConnection)
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  applications(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('status', { type: () => ApplicationStatusEnum, nullable: true }) status?: ApplicationStatus,
    @Args('programId', { type: () => ID, nullable: true }) programId?: string,
  ): Promise<AmbassadorApplicationConnection> {
    return this.service.list({ status: status ?? undefined, programId: programId ?? undefined }, first, after ?? undefined);
  }

  @Query(() => AmbassadorApplication)
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  application(@Args('id', { type: () => ID }) id: string): Promise<AmbassadorApplication> {
    return this.service.get(id);
  }

  @Mutation(() => AmbassadorApplication, { description: 'A reviewer takes an application into review.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  startReview(@Args('id', { type: () => ID }) id: string): Promise<AmbassadorApplication> {
    return this.service.startReview(id);
  }

  @Mutation(() => AmbassadorApplication, { description: 'Approve (creates the ambassador and their account), reject or waitlist.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  decideApplication(@Args('input') input: DecideApplicationInput, @CurrentIdentity() identity: Identity): Promise<AmbassadorApplication> {
    return this.service.decide(input, identity.subject);
  }
}
