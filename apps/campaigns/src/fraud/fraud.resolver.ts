import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { FraudFlagEntity } from './fraud-flag.entity';
import { FraudExceptionFilter } from './fraud-exception.filter';
import { FraudFlag, FraudFlagStatusEnum } from './fraud-flag.model';
import { FlagStatus } from './fraud-rules';
import { FraudService } from './fraud.service';

const toFlag = (f: FraudFlagEntity): FraudFlag => ({
  id: f.id,
  kind: f.kind,
  ambassador: { id: f.ambassadorId },
  campaignId: f.campaignId,
  commissionId: f.commissionId,
  orderId: f.orderId,
  evidence: JSON.stringify(f.evidence),
  status: f.status,
  decidedBy: f.decidedBy,
  decisionNote: f.decisionNote,
  decidedAt: f.decidedAt,
  createdAt: f.createdAt,
});

@Resolver(() => FraudFlag)
@UseFilters(FraudExceptionFilter)
export class FraudResolver {
  constructor(private readonly fraud: FraudService) {}

  @Query(() => [FraudFlag], { description: 'Newest first; OPEN ones wait for a decision.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  async fraudFlags(
    @Args('status', { type: () => FraudFlagStatusEnum, nullable: true }) status?: FlagStatus,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<FraudFlag[]> {
    return (await this.fraud.list(status ?? undefined, first)).map(toFlag);
  }

  @Mutation(() => FraudFlag, { description: 'Nothing wrong: the held commission goes on (once no other open flag holds it).' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  async clearFraudFlag(@Args('id', { type: () => ID }) id: string, @Args('note') note: string, @CurrentIdentity() identity: Identity): Promise<FraudFlag> {
    return toFlag(await this.fraud.clear(id, identity.subject, note.slice(0, 2000)));
  }

  @Mutation(() => FraudFlag, { description: 'Abuse confirmed: what is left of the commission is reversed (FRAUD_VOID).' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  async voidFraudFlag(@Args('id', { type: () => ID }) id: string, @Args('note') note: string, @CurrentIdentity() identity: Identity): Promise<FraudFlag> {
    return toFlag(await this.fraud.void(id, identity.subject, note.slice(0, 2000)));
  }
}
