import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsEnum, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { ClaimReason, ClaimResolutionKind } from '@streetteam/contracts';
import { GuaranteeClaimReasonEnum, GuaranteeResolutionKindEnum } from '../programs/program.model';
import type { ClaimStatus, ResolutionStatus } from './claim.entity';
import { MinorUnits } from '@streetteam/platform';

export const GuaranteeClaimStatusEnum = { RESOLVING: 'RESOLVING', RESOLVED: 'RESOLVED', ESCALATED: 'ESCALATED', DECLINED: 'DECLINED' } as const satisfies { [S in ClaimStatus]: S };
registerEnumType(GuaranteeClaimStatusEnum, {
  name: 'GuaranteeClaimStatus',
  description: "RESOLVING (being made right), RESOLVED, ESCALATED (waiting for a supervisor), DECLINED (by a supervisor, with a reason).",
});

export const ClaimResolutionStatusEnum = { PENDING: 'PENDING', COMPLETED: 'COMPLETED', FAILED: 'FAILED' } as const satisfies { [S in ResolutionStatus]: S };
registerEnumType(ClaimResolutionStatusEnum, { name: 'ClaimResolutionStatus', description: 'PENDING (a refund on its way), COMPLETED, FAILED (Stripe refused; a supervisor decides).' });

@ObjectType('GuaranteeClaimItem')
export class ClaimItem {
  @Field()
  sku!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => MinorUnits, { description: 'Minor units of the claim currency.' })
  unitAmountMinor!: number;
}

@ObjectType({ description: 'What was done for a claim.' })
export class ClaimResolution {
  @Field(() => ID)
  id!: string;

  @Field(() => GuaranteeResolutionKindEnum)
  kind!: ClaimResolutionKind;

  @Field(() => MinorUnits, { description: 'The value made good, in minor units.' })
  amountMinor!: number;

  @Field()
  currency!: string;

  @Field({ description: "Whether the ambassador's commission is clawed back (the program's policy for the reason)." })
  clawback!: boolean;

  @Field(() => ClaimResolutionStatusEnum)
  status!: ResolutionStatus;

  @Field(() => String, { nullable: true })
  stripeRefundId!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType({ description: 'One thing someone did to a claim.' })
export class ClaimTimelineEntry {
  @Field()
  at!: Date;

  @Field({ description: '"customer", "recovery" (automatic) or the staff account id.' })
  actor!: string;

  @Field()
  action!: string;

  @Field(() => String, { nullable: true })
  detail!: string | null;
}

@ObjectType({ description: 'An internal note by support; never shown to the customer.' })
export class ClaimNote {
  @Field(() => ID)
  id!: string;

  @Field()
  author!: string;

  @Field()
  body!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: 'The timer of a claim that needs a human.' })
export class ClaimSla {
  @Field()
  dueAt!: Date;

  @Field({ description: 'Decided after dueAt, or still waiting past it.' })
  breached!: boolean;
}

@ObjectType({ description: 'A guarantee claim as support sees it.' })
export class GuaranteeClaim {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  programId!: string;

  @Field()
  orderId!: string;

  @Field()
  customerId!: string;

  @Field()
  customerEmail!: string;

  @Field(() => [ClaimItem])
  items!: ClaimItem[];

  @Field(() => GuaranteeClaimReasonEnum)
  reason!: ClaimReason;

  @Field(() => GuaranteeResolutionKindEnum)
  wantedResolution!: ClaimResolutionKind;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => MinorUnits)
  amountMinor!: number;

  @Field()
  currency!: string;

  @Field(() => GuaranteeClaimStatusEnum)
  status!: ClaimStatus;

  @Field({ description: 'Opened by a support agent on the customer\'s behalf.' })
  openedByAgent!: boolean;

  @Field()
  openedBy!: string;

  @Field(() => String, { nullable: true, description: 'Why it waits for a supervisor.' })
  escalationReason!: string | null;

  @Field(() => String, { nullable: true })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'What the customer is told when a supervisor declines.' })
  declineReason!: string | null;

  @Field(() => String, { nullable: true })
  handledBy!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  /** For the SLA field. */
  slaDueAt!: Date | null;
}

@ObjectType()
export class GuaranteeClaimPage {
  @Field(() => [GuaranteeClaim])
  claims!: GuaranteeClaim[];

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last.' })
  nextCursor!: string | null;
}

@ObjectType({ description: 'What the customer sees of their own claim (never internal notes or escalation reasons).' })
export class CustomerGuaranteeClaim {
  @Field(() => ID)
  id!: string;

  @Field()
  orderId!: string;

  @Field(() => [ClaimItem])
  items!: ClaimItem[];

  @Field(() => GuaranteeClaimReasonEnum)
  reason!: ClaimReason;

  @Field(() => GuaranteeResolutionKindEnum)
  wantedResolution!: ClaimResolutionKind;

  @Field(() => MinorUnits)
  amountMinor!: number;

  @Field()
  currency!: string;

  @Field(() => GuaranteeClaimStatusEnum)
  status!: ClaimStatus;

  @Field(() => String, { nullable: true, description: 'Why a supervisor declined it.' })
  declineReason!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;
}

@ObjectType()
export class OpenedGuaranteeClaim {
  @Field({ description: 'Shown once: keep it to follow the claim (myGuaranteeClaim).' })
  accessToken!: string;

  @Field(() => CustomerGuaranteeClaim)
  claim!: CustomerGuaranteeClaim;
}

@ObjectType()
export class AgentOpenedGuaranteeClaim {
  @Field({ description: "The customer's access token, to pass on to them; shown once." })
  accessToken!: string;

  @Field(() => GuaranteeClaim)
  claim!: GuaranteeClaim;
}

@InputType()
export class ClaimItemInput {
  @Field()
  @IsString()
  @Length(1, 100)
  sku!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;
}

@InputType()
export class OpenGuaranteeClaimInput {
  @Field({ description: 'The order number.' })
  @IsString()
  @Length(1, 200)
  orderId!: string;

  @Field({ description: 'The email the order was placed with: the proof it is yours.' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field(() => [ClaimItemInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ClaimItemInput)
  items!: ClaimItemInput[];

  @Field(() => GuaranteeClaimReasonEnum)
  @IsEnum(GuaranteeClaimReasonEnum)
  reason!: ClaimReason;

  @Field(() => GuaranteeResolutionKindEnum)
  @IsEnum(GuaranteeResolutionKindEnum)
  resolution!: ClaimResolutionKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export const toCustomerView = (claim: CustomerGuaranteeClaim): CustomerGuaranteeClaim => ({
  id: claim.id,
  orderId: claim.orderId,
  items: claim.items,
  reason: claim.reason,
  wantedResolution: claim.wantedResolution,
  amountMinor: claim.amountMinor,
  currency: claim.currency,
  status: claim.status,
  declineReason: claim.declineReason,
  createdAt: claim.createdAt,
  resolvedAt: claim.resolvedAt,
});
