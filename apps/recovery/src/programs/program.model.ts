import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ClaimReason, claimReasons, ClaimResolutionKind, claimResolutionKinds } from '@streetteam/contracts';

// Enrollment owns Program; this subgraph only adds recovery's view of it by id.
@ObjectType()
@Directive('@key(fields: "id")')
export class Program {
  @Field(() => ID)
  id!: string;
}

export const GuaranteeClaimReasonEnum = Object.fromEntries(claimReasons.map((r) => [r, r])) as { [R in ClaimReason]: R };
registerEnumType(GuaranteeClaimReasonEnum, { name: 'GuaranteeClaimReason', description: 'Why a customer claimed the guarantee.' });

export const GuaranteeResolutionKindEnum = Object.fromEntries(claimResolutionKinds.map((k) => [k, k])) as { [K in ClaimResolutionKind]: K };
registerEnumType(GuaranteeResolutionKindEnum, {
  name: 'GuaranteeResolutionKind',
  description: 'REFUND to the original payment, REPLACEMENT shipped by the shop, or STORE_CREDIT.',
});

@ObjectType({ description: "The program's unconditional guarantee as recovery applies it: from ProgramCreated, then as marketing ops set it." })
export class GuaranteePolicy {
  @Field(() => Program)
  program!: Program;

  @Field({ description: 'When recovery recorded the program.' })
  recordedAt!: Date;

  @Field(() => Int, { description: 'Days after a sale in which a referred customer may claim the guarantee.' })
  guaranteeWindowDays!: number;

  @Field(() => [GuaranteeResolutionKindEnum], { description: 'Resolutions a customer may ask for.' })
  allowedResolutions!: ClaimResolutionKind[];

  @Field(() => [GuaranteeClaimReasonEnum], { description: "Reasons whose resolution claws the ambassador's commission back; the others leave it." })
  clawbackReasons!: ClaimReason[];

  @Field(() => Int, { description: 'Hours after a resolution before the follow-up survey is sent.' })
  followUpDelayHours!: number;

  @Field(() => Int, { description: 'Days after a resolution in which a new order counts as a recovered customer.' })
  reorderWindowDays!: number;

  @Field(() => Int, { description: 'Hours a claim that needs a human may wait before its SLA is breached.' })
  slaHours!: number;

  @Field(() => Int, { description: "Abuse reports against a customer from which their claims go to a supervisor's queue." })
  abuseReportThreshold!: number;

  @Field(() => Int, { description: "Claims by one customer within claimCountPeriodDays (the new one included) from which they go to a supervisor's queue." })
  claimCountThreshold!: number;

  @Field(() => Int)
  claimCountPeriodDays!: number;

  @Field(() => Date, { nullable: true, description: 'When marketing ops last changed the policy; null: the defaults.' })
  policyUpdatedAt!: Date | null;
}

@InputType({ description: 'Only the fields given change.' })
export class GuaranteePolicyInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  guaranteeWindowDays?: number;

  @Field(() => [GuaranteeResolutionKindEnum], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(GuaranteeResolutionKindEnum, { each: true })
  allowedResolutions?: ClaimResolutionKind[];

  @Field(() => [GuaranteeClaimReasonEnum], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEnum(GuaranteeClaimReasonEnum, { each: true })
  clawbackReasons?: ClaimReason[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2160)
  followUpDelayHours?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  reorderWindowDays?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  slaHours?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  abuseReportThreshold?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  claimCountThreshold?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  claimCountPeriodDays?: number;
}
