import { UseFilters } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { CurrentIdentity, Identity, Public, Role, Roles } from '@streetteam/auth';
import { slaState } from './claim-rules';
import { ClaimStatus } from './claim.entity';
import { ClaimErrorCode, ClaimException, ClaimExceptionFilter } from './claim.exception';
import {
  AgentOpenedGuaranteeClaim,
  ClaimNote,
  ClaimResolution,
  ClaimSla,
  ClaimTimelineEntry,
  CustomerGuaranteeClaim,
  GuaranteeClaim,
  GuaranteeClaimPage,
  GuaranteeClaimStatusEnum,
  OpenedGuaranteeClaim,
  OpenGuaranteeClaimInput,
  toCustomerView,
} from './claim.model';
import { ClaimService } from './claim.service';


@Resolver(() => GuaranteeClaim)
@UseFilters(ClaimExceptionFilter)
export class ClaimResolver {
  constructor(private readonly claims: ClaimService) {}

  @Mutation(() => OpenedGuaranteeClaim, { description: 'A customer claims the guarantee, proven by the order number and its email; limited per client address.' })
  @Public()
  async openGuaranteeClaim(@Args('input') input: OpenGuaranteeClaimInput, @Context('req') req: Request): Promise<OpenedGuaranteeClaim> {
    // req.ip honours X-Forwarded-For only from the trusted proxy (the gateway).
    const { claim, accessToken } = await this.claims.open(input, { kind: 'CUSTOMER', address: req.ip ?? req.socket.remoteAddress ?? 'unknown' });
    return { accessToken, claim: toCustomerView(claim) };
  }

  @Query(() => CustomerGuaranteeClaim, { description: 'The customer follows their own claim with the access token they got when opening it.' })
  @Public()
  async myGuaranteeClaim(@Args('accessToken') accessToken: string): Promise<CustomerGuaranteeClaim> {
    return toCustomerView(await this.claims.findByAccessToken(accessToken));
  }

  @Mutation(() => AgentOpenedGuaranteeClaim, { description: 'A support agent opens a claim on behalf of a customer (same proof: order number and its email).' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  async openGuaranteeClaimForCustomer(@Args('input') input: OpenGuaranteeClaimInput, @CurrentIdentity() identity: Identity): Promise<AgentOpenedGuaranteeClaim> {
    return this.claims.open(input, { kind: 'AGENT', subject: identity.subject });
  }

  @Query(() => GuaranteeClaimPage, { description: 'The claims queue, oldest first.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  guaranteeClaims(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('status', { type: () => GuaranteeClaimStatusEnum, nullable: true }) status?: ClaimStatus,
    @Args('programId', { type: () => ID, nullable: true }) programId?: string,
  ): Promise<GuaranteeClaimPage> {
    return this.claims.list({ status: status ?? undefined, programId: programId ?? undefined }, first, after ?? undefined);
  }

  @Query(() => GuaranteeClaimPage, { description: "The supervisor's queue: claims escalated for a human decision, oldest first." })
  @Roles(Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  escalatedGuaranteeClaims(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<GuaranteeClaimPage> {
    return this.claims.list({ status: 'ESCALATED' }, first, after ?? undefined);
  }

  @Query(() => GuaranteeClaim)
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  guaranteeClaim(@Args('id', { type: () => ID }) id: string): Promise<GuaranteeClaim> {
    return this.claims.get(id);
  }

  @Mutation(() => GuaranteeClaim, { description: 'A supervisor lets an escalated claim through; it resolves as the customer asked.' })
  @Roles(Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  approveGuaranteeClaim(
    @Args('claimId', { type: () => ID }) claimId: string,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @CurrentIdentity() identity: Identity,
  ): Promise<GuaranteeClaim> {
    return this.claims.approve(claimId, identity.subject, note ?? null);
  }

  @Mutation(() => GuaranteeClaim, { description: 'A supervisor declines an escalated claim, with the reason the customer sees.' })
  @Roles(Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  declineGuaranteeClaim(
    @Args('claimId', { type: () => ID }) claimId: string,
    @Args('reasonForCustomer') reasonForCustomer: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<GuaranteeClaim> {
    return this.claims.decline(claimId, identity.subject, checkText('reasonForCustomer', reasonForCustomer));
  }

  @Mutation(() => ClaimNote, { description: 'An internal note on a claim; never shown to the customer.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  addGuaranteeClaimNote(@Args('claimId', { type: () => ID }) claimId: string, @Args('body') body: string, @CurrentIdentity() identity: Identity): Promise<ClaimNote> {
    return this.claims.addNote(claimId, identity.subject, checkText('body', body));
  }

  @ResolveField(() => ClaimResolution, { nullable: true, description: 'The latest resolution; null while escalated or declined.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  resolution(@Parent() claim: GuaranteeClaim): Promise<ClaimResolution | null> {
    return this.claims.resolutionOf(claim.id);
  }

  @ResolveField(() => [ClaimTimelineEntry], { description: 'Who did what, when, oldest first.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  timeline(@Parent() claim: GuaranteeClaim): Promise<ClaimTimelineEntry[]> {
    return this.claims.timelineOf(claim.id);
  }

  @ResolveField(() => [ClaimNote])
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  notes(@Parent() claim: GuaranteeClaim): Promise<ClaimNote[]> {
    return this.claims.notesOf(claim.id);
  }

  @ResolveField(() => ClaimSla, { nullable: true, description: 'Only for claims that need a human.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  sla(@Parent() claim: GuaranteeClaim): ClaimSla | null {
    if (!claim.slaDueAt) return null;
    return { dueAt: claim.slaDueAt, breached: slaState(claim.slaDueAt, claim.decidedAt, new Date()).breached };
  }

  @ResolveField(() => ID, { nullable: true, description: 'The ambassador campaigns credited the order to, once known.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  ambassadorId(@Parent() claim: GuaranteeClaim): Promise<string | null> {
    return this.claims.ambassadorOf(claim.orderId);
  }

  @ResolveField(() => Int, { description: 'Abuse reports filed against this customer.' })
  @Roles(Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN)
  customerAbuseReports(@Parent() claim: GuaranteeClaim & { customerEmailHash?: string }): Promise<number> {
    return this.claims.abuseReportsAgainst(claim.customerEmailHash ?? '');
  }
}

function checkText(field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 2000) {
    throw new ClaimException(ClaimErrorCode.INVALID_INPUT, `${field}: must be 1 to 2000 characters`);
  }
  return trimmed;
}
