import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { payoutAccountStates } from './payout-account-rules';
import { MinorUnits } from '@streetteam/platform';

export enum PayoutAccountState {
  DETAILS_NEEDED = 'DETAILS_NEEDED',
  PAYOUTS_ENABLED = 'PAYOUTS_ENABLED',
  RESTRICTED = 'RESTRICTED',
}
registerEnumType(PayoutAccountState, { name: 'PayoutAccountState' });
// The GraphQL enum mirrors the rule's states.
const _states: Record<(typeof payoutAccountStates)[number], PayoutAccountState> = PayoutAccountState;
void _states;

@ObjectType({ description: "An ambassador's Stripe Connect Express account and whether it can be paid into." })
export class PayoutAccount {
  @Field(() => ID)
  ambassadorId!: string;

  @Field()
  stripeAccountId!: string;

  @Field(() => PayoutAccountState)
  state!: PayoutAccountState;

  @Field()
  payoutsEnabled!: boolean;

  @Field()
  detailsSubmitted!: boolean;

  @Field(() => [String], { description: "What Stripe still needs (Stripe's requirement names)." })
  requirements!: string[];

  @Field(() => String, { nullable: true })
  disabledReason!: string | null;

  @Field()
  updatedAt!: Date;

  @Field(() => BankPayout, { nullable: true, description: 'The latest payout of this account to the bank, if Stripe reported one.' })
  lastBankPayout!: BankPayout | null;
}

@ObjectType({ description: "The connected account's payout to the ambassador's bank, as Stripe last reported it (payout.paid / payout.failed)." })
export class BankPayout {
  @Field()
  id!: string;

  @Field({ description: "Stripe's status: paid or failed." })
  status!: string;

  @Field(() => MinorUnits)
  amountMinor!: number;

  @Field()
  currency!: string;

  @Field(() => String, { nullable: true })
  failureCode!: string | null;

  @Field(() => String, { nullable: true })
  failureMessage!: string | null;
}

@ObjectType({ description: 'A Stripe-hosted onboarding link; it expires within minutes.' })
export class PayoutOnboardingLink {
  @Field()
  url!: string;

  @Field()
  expiresAt!: Date;
}
