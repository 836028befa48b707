import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RewardStatus, rewardStatuses } from './reward-status';
import { MinorUnits } from '@streetteam/platform';

export const RewardStatusEnum = Object.fromEntries(rewardStatuses.map((s) => [s, s])) as { [S in RewardStatus]: S };
registerEnumType(RewardStatusEnum, {
  name: 'RewardStatus',
  description: 'REFUSED (not credited, e.g. self-referral), NO_COMMISSION, PENDING (guarantee window), ON_HOLD (fraud review), AVAILABLE, PAID, REVERSED.',
});

@ObjectType()
export class RewardClick {
  @Field(() => ID)
  clickId!: string;

  @Field()
  clickedAt!: Date;
}

@ObjectType()
export class RewardReversal {
  @Field({ description: 'REFUND, GUARANTEE_CLAIM or FRAUD_VOID.' })
  cause!: string;

  @Field(() => MinorUnits)
  amountMinor!: number;

  @Field()
  reason!: string;

  @Field()
  reversedAt!: Date;
}

@ObjectType()
export class RewardClaim {
  @Field(() => ID)
  claimId!: string;

  @Field({ description: 'True: the brand absorbed the claim and the commission stays.' })
  absorbedByBrand!: boolean;

  @Field(() => MinorUnits)
  amountMinor!: number;

  @Field()
  resolvedAt!: Date;
}

@ObjectType({ description: 'One referral and where its reward is: click, order, commission and what became of it.' })
export class RewardFeedEntry {
  @Field(() => ID, { description: 'The conversion (an order or a lead) or the commission (a bounty).' })
  id!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field({ description: 'ORDER, RECURRING_ORDER, LEAD or MISSION_BOUNTY.' })
  source!: string;

  @Field(() => String, { nullable: true })
  orderId!: string | null;

  @Field(() => String, { nullable: true, description: 'The shop\'s lead (a sign-up or quote request, source LEAD); `at` is when it was captured.' })
  leadId!: string | null;

  @Field(() => Date, { nullable: true })
  orderPlacedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'CODE, CLICK or RECURRING.' })
  method!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the order or lead was (or wasn\'t) credited to you.' })
  attributionReason!: string | null;

  @Field(() => RewardClick, { nullable: true })
  click!: RewardClick | null;

  @Field(() => MinorUnits)
  saleAmountMinor!: number;

  @Field()
  currency!: string;

  @Field(() => ID, { nullable: true })
  commissionId!: string | null;

  @Field(() => MinorUnits)
  commissionMinor!: number;

  @Field(() => MinorUnits)
  reversedMinor!: number;

  @Field(() => Int)
  points!: number;

  @Field(() => Date, { nullable: true, description: 'Payable after this: the guarantee window.' })
  holdUntil!: Date | null;

  @Field(() => Date, { nullable: true })
  availableAt!: Date | null;

  @Field(() => Date, { nullable: true })
  paidAt!: Date | null;

  @Field(() => ID, { nullable: true })
  payoutId!: string | null;

  @Field(() => RewardStatusEnum)
  status!: RewardStatus;

  @Field({ description: 'The answer in one sentence.' })
  statusNote!: string;

  @Field(() => [RewardReversal])
  reversals!: RewardReversal[];

  @Field(() => [RewardClaim])
  claims!: RewardClaim[];

  @Field()
  at!: Date;
}
