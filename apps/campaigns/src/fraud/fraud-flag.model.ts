import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Ambassador } from '../ambassadors/ambassador.model';
import { FlagStatus, FraudKind, fraudKinds } from './fraud-rules';

export const FraudKindEnum = Object.fromEntries(fraudKinds.map((k) => [k, k])) as { [K in FraudKind]: K };
export const FraudFlagStatusEnum = { OPEN: 'OPEN', CLEARED: 'CLEARED', VOIDED: 'VOIDED', NOTED: 'NOTED' } as const;
registerEnumType(FraudKindEnum, { name: 'FraudKind', description: 'SELF_REFERRAL, CLICK_BURST (one address), CUSTOMER_VELOCITY (one customer), PAYMENT_FINGERPRINT (one card), CODE_LEAK (coupon sites).' });
registerEnumType(FraudFlagStatusEnum, { name: 'FraudFlagStatus', description: 'OPEN (its commission is held), CLEARED, VOIDED (commission reversed), NOTED (recorded; nothing was paid).' });

@ObjectType({ description: 'A suspicion with its evidence; a flagged commission is held until marketing ops clear or void it.' })
export class FraudFlag {
  @Field(() => ID)
  id!: string;

  @Field(() => FraudKindEnum)
  kind!: FraudKind;

  @Field(() => Ambassador)
  ambassador!: Ambassador;

  @Field(() => ID, { nullable: true })
  campaignId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The commission held by this flag.' })
  commissionId!: string | null;

  @Field(() => String, { nullable: true })
  orderId!: string | null;

  @Field({ description: 'The evidence, as JSON (counts, thresholds, the order, the address hash…).' })
  evidence!: string;

  @Field(() => FraudFlagStatusEnum)
  status!: FlagStatus;

  @Field(() => String, { nullable: true })
  decidedBy!: string | null;

  @Field(() => String, { nullable: true })
  decisionNote!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field()
  createdAt!: Date;
}
