import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MinorUnits } from '@streetteam/platform';

@ObjectType({ description: 'How a program did over a period [from, to): are customers acting as owners, and what does it cost?' })
export class ProgramHealth {
  @Field(() => ID)
  programId!: string;

  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field({ description: 'ISO 4217 code of the money figures.' })
  currency!: string;

  @Field(() => Int, { description: 'Customer identities that ordered in the period.' })
  customers!: number;

  @Field(() => Int, { description: 'Of them, owners: bought again and referred someone or contributed an idea or a review.' })
  owners!: number;

  @Field(() => Int, { nullable: true, description: 'The ownership quotient: owners per customer, in basis points (10000 = 100%); null without customers.' })
  ownershipQuotientBps!: number | null;

  @Field(() => Int, { description: 'ACTIVE ambassadors who earned, took up a mission or gave an idea in the period.' })
  activeAmbassadors!: number;

  @Field(() => MinorUnits, { description: 'Attributed sales net of reversals.' })
  attributedSalesMinor!: number;

  @Field(() => MinorUnits, { description: 'Commissions earned net of reversals (bounties included).' })
  commissionCostMinor!: number;

  @Field(() => Int, { nullable: true, description: 'Commission cost per attributed sale, in basis points; null without sales.' })
  commissionCostShareBps!: number | null;

  @Field(() => Int)
  ideasSubmitted!: number;

  @Field(() => Int, { description: 'Of the ideas submitted in the period, those answered (so far).' })
  ideasAnswered!: number;

  @Field(() => Int, { nullable: true, description: 'Ideas answered per idea submitted, in basis points; null without ideas.' })
  ideaAnswerRateBps!: number | null;

  @Field(() => Int, { nullable: true, description: 'Median seconds from an idea to its first answer; null when none was answered.' })
  medianFirstAnswerSeconds!: number | null;

  @Field(() => Int, { description: 'Customers recovery won back in the period.' })
  recoveredCustomers!: number;

  @Field(() => Int, { description: 'Of them, those who ordered again afterwards.' })
  recoveredWhoBought!: number;

  @Field(() => Int, { description: 'Of them, those who became an ambassador afterwards.' })
  recoveredWhoJoined!: number;
}
