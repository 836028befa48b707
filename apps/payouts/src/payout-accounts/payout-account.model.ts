import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { payoutAccountStates } from './payout-account-rules';

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
}

@ObjectType({ description: 'A Stripe-hosted onboarding link; it expires within minutes.' })
export class PayoutOnboardingLink {
  @Field()
  url!: string;

  @Field()
  expiresAt!: Date;
}
