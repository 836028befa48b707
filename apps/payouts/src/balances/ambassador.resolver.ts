import { Args, ID, Int, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { assertSelfOrRole, Authenticated, CurrentIdentity, Identity, Role } from '@streetteam/auth';
import { LedgerService } from '../ledger/ledger.service';
import { PayoutAccount } from '../payout-accounts/payout-account.model';
import { PayoutAccountService } from '../payout-accounts/payout-account.service';
import { TaxForm } from '../tax-forms/tax-form.model';
import { TaxFormService } from '../tax-forms/tax-form.service';
import { toPayoutAccount, toTaxForm } from '../graphql-mapping';
import { Ambassador, AmbassadorBalance, LedgerHistoryLine } from './balance.model';
import { BalanceService } from './balance.service';
import { uuidArgument } from '../graphql-args';

/** An ambassador's money, seen only by that ambassador, finance and admins. */
@Resolver(() => Ambassador)
export class AmbassadorResolver {
  constructor(
    private readonly ledger: LedgerService,
    private readonly history: BalanceService,
    private readonly accounts: PayoutAccountService,
    private readonly taxForms: TaxFormService,
  ) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Ambassador {
    return { id: reference.id };
  }

  @Query(() => Ambassador, { description: "An ambassador's money by id (the same fields as on Ambassador through the gateway); only the ambassador, FINANCE and ADMIN." })
  @Authenticated()
  payoutAmbassador(@Args('id', { type: () => ID }) id: string, @CurrentIdentity() identity: Identity): Ambassador {
    assertSelfOrRole(identity, uuidArgument('id', id), Role.FINANCE, Role.ADMIN);
    return { id };
  }

  @ResolveField(() => [AmbassadorBalance], { description: 'Per currency; only the ambassador, FINANCE and ADMIN.' })
  @Authenticated()
  async balances(@Parent() ambassador: Ambassador, @CurrentIdentity() identity: Identity): Promise<AmbassadorBalance[]> {
    assertSelfOrRole(identity, ambassador.id, Role.FINANCE, Role.ADMIN);
    return (await this.ledger.positions(undefined, ambassador.id)).map((p) => ({
      currency: p.currency,
      pendingMinor: Number(p.pendingMinor),
      availableMinor: Number(p.availableMinor),
      paidOutMinor: Number(p.paidOutMinor),
      clawbackReceivableMinor: Number(p.clawbackReceivableMinor),
      netAvailableMinor: Number(p.netAvailableMinor),
    }));
  }

  @ResolveField(() => [LedgerHistoryLine], { description: 'Newest first, with the running balance; only the ambassador, FINANCE and ADMIN.' })
  @Authenticated()
  async ledgerHistory(
    @Parent() ambassador: Ambassador,
    @CurrentIdentity() identity: Identity,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('before', { type: () => ID, nullable: true, description: 'The last transactionId of the previous page.' }) before?: string,
  ): Promise<LedgerHistoryLine[]> {
    assertSelfOrRole(identity, ambassador.id, Role.FINANCE, Role.ADMIN);
    if (before !== undefined && before !== null) uuidArgument('before', before);
    const lines = await this.history.history(ambassador.id, Math.min(Math.max(first, 1), 500), before);
    return lines.map((l) => ({ ...l, changeMinor: Number(l.changeMinor), balanceAfterMinor: Number(l.balanceAfterMinor) }));
  }

  @ResolveField(() => PayoutAccount, { nullable: true, description: 'Null until the ambassador opens one; only the ambassador, FINANCE and ADMIN.' })
  @Authenticated()
  async payoutAccount(@Parent() ambassador: Ambassador, @CurrentIdentity() identity: Identity): Promise<PayoutAccount | null> {
    assertSelfOrRole(identity, ambassador.id, Role.FINANCE, Role.ADMIN);
    const account = await this.accounts.find(ambassador.id);
    return account && toPayoutAccount(account);
  }

  @ResolveField(() => TaxForm, { nullable: true, description: 'The latest tax form recorded; only the ambassador, FINANCE and ADMIN.' })
  @Authenticated()
  async taxForm(@Parent() ambassador: Ambassador, @CurrentIdentity() identity: Identity): Promise<TaxForm | null> {
    assertSelfOrRole(identity, ambassador.id, Role.FINANCE, Role.ADMIN);
    const form = await this.taxForms.current(ambassador.id);
    return form && toTaxForm(form);
  }
}
