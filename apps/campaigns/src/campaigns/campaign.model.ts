import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsEnum, IsInt, IsUrl, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { Program } from '../programs/program.model';
import { AttributionPrecedence, attributionPrecedences, CampaignObjective, campaignObjectives, CampaignStatus, campaignStatuses } from './campaign-rules';
import { MinorUnits } from '@streetteam/platform';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const CampaignObjectiveEnum = enumOf(campaignObjectives);
export const CampaignStatusEnum = enumOf(campaignStatuses);
export const AttributionPrecedenceEnum = enumOf(attributionPrecedences);
registerEnumType(CampaignObjectiveEnum, { name: 'CampaignObjective', description: 'The four ways customers take part: SALES, AWARENESS, PRODUCT_FEEDBACK, SERVICE.' });
registerEnumType(CampaignStatusEnum, { name: 'CampaignStatus', description: 'DRAFT → ACTIVE ⇄ PAUSED → ENDED; commissions accrue only while ACTIVE.' });
registerEnumType(AttributionPrecedenceEnum, { name: 'AttributionPrecedence', description: 'Which wins when an order carries a code and follows another ambassador\'s click.' });

@ObjectType({ description: 'A tier\'s own commission rates; what is null falls back to the campaign\'s.' })
export class TierCommissionOverride {
  @Field(() => ID)
  tierId!: string;

  @Field(() => Int, { nullable: true })
  percentBps?: number;

  @Field(() => MinorUnits, { nullable: true })
  flatPerSaleMinor?: number;

  @Field(() => MinorUnits, { nullable: true })
  flatPerLeadMinor?: number;
}

@ObjectType({ description: 'One version of a campaign\'s commission and points rules; a sale is paid by the version in force when it happened. Every amount is then multiplied by the ambassador\'s tier multiplier.' })
export class CommissionRules {
  @Field(() => Int)
  version!: number;

  @Field()
  effectiveFrom!: Date;

  @Field(() => Int, { description: 'Share of the net sale, in basis points (1000 = 10%).' })
  percentBps!: number;

  @Field(() => MinorUnits, { description: 'Flat amount per attributed sale, in minor units of the campaign\'s currency.' })
  flatPerSaleMinor!: number;

  @Field(() => MinorUnits, { description: 'Flat amount per lead, in minor units.' })
  flatPerLeadMinor!: number;

  @Field(() => [TierCommissionOverride])
  tierOverrides!: TierCommissionOverride[];

  @Field(() => Int)
  pointsPerSale!: number;

  @Field(() => Int)
  pointsPerLead!: number;
}

@ObjectType({ description: 'How much of the budget commissions have used (net of reversals).' })
export class CampaignBudget {
  @Field(() => MinorUnits, { nullable: true, description: 'Null: no budget cap.' })
  capMinor!: number | null;

  @Field(() => MinorUnits)
  accruedMinor!: number;

  @Field(() => MinorUnits, { nullable: true, description: 'What is left before accrual stops; null when uncapped.' })
  remainingMinor!: number | null;

  @Field(() => Int, { nullable: true, description: 'Share of the cap used, in basis points (10000 = reached).' })
  usedBps!: number | null;

  @Field(() => MinorUnits, { nullable: true })
  dailyCapMinor!: number | null;

  @Field(() => MinorUnits, { nullable: true })
  monthlyCapMinor!: number | null;

  @Field(() => MinorUnits, { description: 'Accrued today (UTC).' })
  todayMinor!: number;

  @Field(() => MinorUnits, { description: 'Accrued this calendar month (UTC).' })
  thisMonthMinor!: number;
}

@ObjectType({ description: 'A street-team campaign of a program.' })
export class Campaign {
  @Field(() => ID)
  id!: string;

  @Field(() => Program)
  program!: Program;

  @Field()
  name!: string;

  @Field(() => CampaignObjectiveEnum)
  objective!: CampaignObjective;

  @Field(() => CampaignStatusEnum)
  status!: CampaignStatus;

  @Field()
  startsAt!: Date;

  @Field(() => Date, { nullable: true })
  endsAt!: Date | null;

  @Field({ description: 'ISO 4217: the program\'s currency.' })
  currency!: string;

  @Field(() => [ID], { description: 'Tiers that may take part; empty means every ambassador.' })
  eligibleTierIds!: string[];

  @Field(() => Int)
  attributionWindowDays!: number;

  @Field(() => AttributionPrecedenceEnum)
  precedence!: AttributionPrecedence;

  @Field(() => Int, { description: 'Months a referred customer\'s later orders still pay (0: none).' })
  recurringMonths!: number;

  @Field(() => String, { nullable: true, description: 'Where referral links send people (http or https); links get UTM parameters added.' })
  landingUrl!: string | null;

  @Field()
  createdAt!: Date;
}

@InputType()
export class TierCommissionOverrideInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'tierId must be a tier id (a UUID)' })
  tierId!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  percentBps?: number;

  @Field(() => MinorUnits, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  flatPerSaleMinor?: number;

  @Field(() => MinorUnits, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  flatPerLeadMinor?: number;
}

@InputType()
export class CommissionRulesInput {
  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(10_000, { message: 'percentBps must be at most 10000 (100%)' })
  percentBps!: number;

  @Field(() => MinorUnits, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  flatPerSaleMinor!: number;

  @Field(() => MinorUnits, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  flatPerLeadMinor!: number;

  @Field(() => [TierCommissionOverrideInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TierCommissionOverrideInput)
  tierOverrides!: TierCommissionOverrideInput[];

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  pointsPerSale!: number;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  pointsPerLead!: number;
}

@InputType()
export class CreateCampaignInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'programId must be a program id (a UUID)' })
  programId!: string;

  @Field()
  @IsString()
  @Length(1, 120)
  name!: string;

  @Field(() => CampaignObjectiveEnum)
  @IsEnum(CampaignObjectiveEnum)
  objective!: CampaignObjective;

  @Field()
  @IsDate()
  startsAt!: Date;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  endsAt?: Date | null;

  @Field(() => MinorUnits, { nullable: true, description: 'Total commissions the campaign may accrue, in minor units; none when null.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  budgetCapMinor?: number | null;

  @Field(() => MinorUnits, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  dailyCapMinor?: number | null;

  @Field(() => MinorUnits, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  monthlyCapMinor?: number | null;

  @Field(() => [ID], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'eligibleTierIds must be tier ids (UUIDs)' })
  eligibleTierIds!: string[];

  @Field(() => Int, { defaultValue: 30 })
  @IsInt()
  @Min(1)
  @Max(365)
  attributionWindowDays!: number;

  @Field(() => AttributionPrecedenceEnum, { defaultValue: 'CODE_BEATS_CLICK' })
  @IsEnum(AttributionPrecedenceEnum)
  precedence!: AttributionPrecedence;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(60)
  recurringMonths!: number;

  @Field(() => String, { nullable: true, description: 'Where referral links send people (http or https).' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'landingUrl must be an http(s) URL' })
  @Length(1, 1000)
  landingUrl?: string | null;

  @Field(() => CommissionRulesInput)
  @ValidateNested()
  @Type(() => CommissionRulesInput)
  rules!: CommissionRulesInput;
}

@InputType({ description: 'What changes; absent fields stay as they are. Rules change through publishCommissionRules.' })
export class UpdateCampaignInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a campaign id (a UUID)' })
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  endsAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Where referral links send people (http or https).' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'landingUrl must be an http(s) URL' })
  @Length(1, 1000)
  landingUrl?: string | null;

  @Field(() => MinorUnits, { nullable: true, description: 'A new total cap in minor units; null removes the cap, absent leaves it.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  budgetCapMinor?: number | null;

  @Field(() => MinorUnits, { nullable: true, description: 'A new daily cap in minor units; null removes it, absent leaves it.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  dailyCapMinor?: number | null;

  @Field(() => MinorUnits, { nullable: true, description: 'A new monthly cap in minor units; null removes it, absent leaves it.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  monthlyCapMinor?: number | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true, message: 'eligibleTierIds must be tier ids (UUIDs)' })
  eligibleTierIds?: string[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  attributionWindowDays?: number;

  @Field(() => AttributionPrecedenceEnum, { nullable: true })
  @IsOptional()
  @IsEnum(AttributionPrecedenceEnum)
  precedence?: AttributionPrecedence;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  recurringMonths?: number;
}
