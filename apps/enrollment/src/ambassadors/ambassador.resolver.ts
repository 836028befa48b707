import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { assertSelfOrRole, Authenticated, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { AmbassadorStatus } from './ambassador-lifecycle';
import { AmbassadorExceptionFilter } from './ambassador-exception.filter';
import { Ambassador, AmbassadorConnection, AmbassadorStatusEnum, ChangeAmbassadorStatusInput } from './ambassador.model';
import { AmbassadorService } from './ambassador.service';

/** Staff who may see any ambassador. */
export const AMBASSADOR_READERS = [Role.MARKETING_OPS, Role.SUPPORT_AGENT, Role.FINANCE, Role.ADMIN];

@Resolver(() => Ambassador)
@UseFilters(AmbassadorExceptionFilter)
export class AmbassadorResolver {
  constructor(private readonly service: AmbassadorService) {}

  @Query(() => Ambassador, { description: 'An ambassador sees only themselves; staff see anyone.' })
  @Authenticated()
  async ambassador(@Args('id', { type: () => ID }) id: string, @CurrentIdentity() identity: Identity): Promise<Ambassador> {
    // Checked before the lookup, so an ambassador can't probe which ids exist.
    assertSelfOrRole(identity, id, ...AMBASSADOR_READERS);
    return this.service.get(id);
  }

  @Query(() => AmbassadorConnection)
  @Roles(Role.MARKETING_OPS, Role.SUPPORT_AGENT, Role.FINANCE, Role.ADMIN)
  ambassadors(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('status', { type: () => AmbassadorStatusEnum, nullable: true }) status?: AmbassadorStatus,
    @Args('programId', { type: () => ID, nullable: true }) programId?: string,
  ): Promise<AmbassadorConnection> {
    return this.service.list({ status: status ?? undefined, programId: programId ?? undefined }, first, after ?? undefined);
  }

  @Mutation(() => Ambassador, { description: 'Marketing ops pause, resume or offboard an ambassador, with a reason.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  changeAmbassadorStatus(@Args('input') input: ChangeAmbassadorStatusInput): Promise<Ambassador> {
    return this.service.changeStatus(input.ambassadorId, input.status, input.reason);
  }

  @Mutation(() => Ambassador, { description: 'An active ambassador asks for their own referral code (4-16 letters, digits, dashes).' })
  @Authenticated()
  requestVanityCode(
    @Args('ambassadorId', { type: () => ID }) ambassadorId: string,
    @Args('code') code: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<Ambassador> {
    assertSelfOrRole(identity, ambassadorId, Role.MARKETING_OPS, Role.ADMIN);
    return this.service.requestVanityCode(ambassadorId, code.slice(0, 100));
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Promise<Ambassador> {
    return this.service.get(reference.id);
  }
}
