import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { assertSelfOrRole, CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { toPayoutAccount } from '../graphql-mapping';
import { PayoutAccount, PayoutOnboardingLink } from './payout-account.model';
import { PayoutAccountService } from './payout-account.service';
import { uuidArgument } from '../graphql-args';

@Resolver(() => PayoutAccount)
export class PayoutAccountResolver {
  constructor(private readonly accounts: PayoutAccountService) {}

  @Mutation(() => PayoutAccount, { description: 'An ambassador opens their Stripe Express account (once; again returns the same).' })
  @Roles(Role.AMBASSADOR, Role.ADMIN)
  async openPayoutAccount(@Args('ambassadorId', { type: () => ID }) ambassadorId: string, @CurrentIdentity() identity: Identity): Promise<PayoutAccount> {
    assertSelfOrRole(identity, uuidArgument('ambassadorId', ambassadorId), Role.ADMIN);
    return toPayoutAccount(await this.accounts.open(ambassadorId));
  }

  @Mutation(() => PayoutOnboardingLink, { description: "A fresh link to Stripe's onboarding for the ambassador's account (opened if needed)." })
  @Roles(Role.AMBASSADOR, Role.ADMIN)
  payoutOnboardingLink(@Args('ambassadorId', { type: () => ID }) ambassadorId: string, @CurrentIdentity() identity: Identity): Promise<PayoutOnboardingLink> {
    assertSelfOrRole(identity, uuidArgument('ambassadorId', ambassadorId), Role.ADMIN);
    return this.accounts.onboardingLink(ambassadorId);
  }
}
