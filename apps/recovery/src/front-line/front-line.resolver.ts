import { UseFilters } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthError, AuthErrorCode, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { FrontLineExceptionFilter } from './front-line.exception';
import { AbuseReport, AbuseReportInput, AgentDashboard } from './front-line.model';
import { FrontLineService } from './front-line.service';


@Resolver(() => AbuseReport)
@UseFilters(FrontLineExceptionFilter)
export class FrontLineResolver {
  constructor(private readonly frontLine: FrontLineService) {}

  @Mutation(() => AbuseReport, { description: 'An agent ends an abusive interaction and records it; it never counts against them.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  fileAbuseReport(@Args('input') input: AbuseReportInput, @CurrentIdentity() identity: Identity): Promise<AbuseReport> {
    return this.frontLine.fileAbuseReport(input, identity.subject);
  }

  @Query(() => [AbuseReport], { description: 'Abuse reports on a claim or against a customer, newest first.' })
  @Roles(Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  abuseReports(
    @Args('claimId', { type: () => ID, nullable: true }) claimId?: string,
    @Args('customerEmail', { type: () => String, nullable: true }) customerEmail?: string,
  ): Promise<AbuseReport[]> {
    return this.frontLine.abuseReports({ claimId: claimId ?? undefined, customerEmail: customerEmail ?? undefined });
  }

  @Query(() => AgentDashboard, { description: "An agent's dashboard over claims opened in [from, to). Agents see their own; supervisors anyone's." })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  async agentDashboard(
    @Args('from') from: Date,
    @Args('to') to: Date,
    @CurrentIdentity() identity: Identity,
    @Args('agent', { type: () => String, nullable: true, description: "The agent's account id; yourself when omitted." }) agent?: string,
  ): Promise<AgentDashboard> {
    const whom = agent ?? identity.subject;
    const mayReadOthers = identity.roles.includes(Role.SUPPORT_SUPERVISOR) || identity.roles.includes(Role.ADMIN);
    if (whom !== identity.subject && !mayReadOthers) throw new AuthError(AuthErrorCode.FORBIDDEN, "only a supervisor may read another agent's dashboard");
    return { agent: whom, from, to, ...(await this.frontLine.dashboard(whom, from, to)) };
  }
}
