import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsDate, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { MinorUnits } from '@streetteam/platform';

@InputType()
export class CreatePayoutRunInput {
  @Field({ description: 'ISO 4217 code: the run pays balances in this currency.' })
  @IsString()
  @Length(3, 3)
  currency!: string;

  @Field(() => MinorUnits, { description: 'Who is owed less (in minor units) is skipped this time.' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minimumMinor!: number;

  @Field({ description: 'Commissions earned after this wait for the next run.' })
  @IsDate()
  cutoffAt!: Date;
}

@ObjectType({ description: 'How far a run has got.' })
export class PayoutRunProgress {
  @Field(() => Int)
  total!: number;
  @Field(() => Int)
  pending!: number;
  @Field(() => Int)
  sending!: number;
  @Field(() => Int)
  paid!: number;
  @Field(() => Int)
  failed!: number;
  @Field(() => Int)
  skipped!: number;
  @Field(() => MinorUnits)
  paidMinor!: number;
}

@ObjectType({ description: 'One ambassador in a preview: paid how much, or skipped and why.' })
export class PayoutPreviewLine {
  @Field(() => ID)
  ambassadorId!: string;
  @Field()
  pay!: boolean;
  @Field(() => MinorUnits, { description: 'The transfer (after netting a clawback owed).' })
  amountMinor!: number;
  @Field(() => MinorUnits)
  nettedMinor!: number;
  @Field(() => String, { nullable: true, description: 'BELOW_MINIMUM, ACCOUNT_NOT_READY, FRAUD_HOLD, NEGATIVE_BALANCE, TAX_FORM_REQUIRED, AMBASSADOR_NOT_ACTIVE, NOTHING_AVAILABLE.' })
  reason?: string;
  @Field(() => String, { nullable: true })
  detail?: string;
}

@ObjectType({ description: 'One transfer to one ambassador.' })
export class Payout {
  @Field(() => ID)
  id!: string;
  @Field(() => ID, { nullable: true })
  payoutRunId!: string | null;
  @Field({ description: 'RUN or FINAL (an offboarded ambassador).' })
  kind!: string;
  @Field(() => ID)
  ambassadorId!: string;
  @Field()
  currency!: string;
  @Field(() => MinorUnits)
  amountMinor!: number;
  @Field(() => MinorUnits, { description: 'Clawback owed that this payout settled.' })
  nettedMinor!: number;
  @Field({ description: 'PENDING, SENDING, PAID or FAILED.' })
  status!: string;
  @Field(() => Int)
  attempt!: number;
  @Field(() => String, { nullable: true })
  stripeTransferId!: string | null;
  @Field(() => String, { nullable: true, description: "Stripe's error code when it failed." })
  failureCode!: string | null;
  @Field(() => String, { nullable: true, description: "Stripe's reason when it failed." })
  failureMessage!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether retrying may succeed as is (429/5xx) rather than after a fix.' })
  retryable!: boolean | null;
  @Field(() => MinorUnits)
  reversedMinor!: number;
}

@ObjectType({ description: 'An ambassador a run did not pay, and why.' })
export class PayoutSkip {
  @Field(() => ID)
  ambassadorId!: string;
  @Field()
  reason!: string;
  @Field()
  detail!: string;
  @Field(() => MinorUnits)
  amountMinor!: number;
}

@ObjectType({ description: 'Finance pays ambassadors in runs: created, approved by another finance user, executed.' })
export class PayoutRun {
  @Field(() => ID)
  id!: string;
  @Field()
  currency!: string;
  @Field(() => MinorUnits)
  minimumMinor!: number;
  @Field()
  cutoffAt!: Date;
  @Field({ description: 'CREATED, APPROVED, EXECUTING, COMPLETED or COMPLETED_WITH_FAILURES.' })
  status!: string;
  @Field()
  createdBy!: string;
  @Field(() => String, { nullable: true })
  approvedBy!: string | null;
  @Field(() => Date, { nullable: true })
  approvedAt!: Date | null;
  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;
  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
  @Field()
  createdAt!: Date;
}

export const payoutStatuses = ['PENDING', 'SENDING', 'PAID', 'FAILED'] as const;
