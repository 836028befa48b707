import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { AbuseCategory, abuseCategories } from './front-line.service';

export const AbuseCategoryEnum = Object.fromEntries(abuseCategories.map((c) => [c, c])) as { [C in AbuseCategory]: C };
registerEnumType(AbuseCategoryEnum, { name: 'AbuseCategory' });

@ObjectType({ description: 'An agent recorded abuse by a customer; it never counts against the agent.' })
export class AbuseReport {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  claimId!: string | null;

  @Field(() => ID, { nullable: true })
  programId!: string | null;

  @Field(() => AbuseCategoryEnum)
  category!: string;

  @Field()
  notes!: string;

  @Field({ description: 'The agent ended the interaction.' })
  endedInteraction!: boolean;

  @Field()
  filedBy!: string;

  @Field()
  createdAt!: Date;
}

@InputType()
export class AbuseReportInput {
  @Field(() => ID, { nullable: true, description: 'The claim it happened on; or name the customerEmail.' })
  @IsOptional()
  @IsUUID()
  claimId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  customerEmail?: string | null;

  @Field(() => AbuseCategoryEnum)
  @IsEnum(AbuseCategoryEnum)
  category!: AbuseCategory;

  @Field()
  @IsString()
  @Length(1, 4000)
  notes!: string;

  @Field({ defaultValue: true })
  @IsBoolean()
  endedInteraction!: boolean;
}

@ObjectType({ description: "An agent's internal measures beside their customers' ratings, never ratings alone." })
export class AgentDashboard {
  @Field()
  agent!: string;

  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field(() => Int)
  claimsHandled!: number;

  @Field(() => Float, { nullable: true })
  medianMinutesToResolve!: number | null;

  @Field(() => Int, { description: 'Claims with an SLA that was decided or is past due.' })
  slaTracked!: number;

  @Field(() => Int)
  slaMet!: number;

  @Field(() => Float, { nullable: true, description: '0 to 1.' })
  slaMetShare!: number | null;

  @Field(() => Int, { description: 'Counted as work done, never against the agent.' })
  abuseReportsFiled!: number;

  @Field(() => Int)
  ratingsCount!: number;

  @Field(() => Float, { nullable: true, description: "Follow-up satisfaction (1–5) of the agent's claims, customers they reported for abuse left out." })
  averageSatisfaction!: number | null;

  @Field(() => Int)
  ratingsExcludedAfterAbuse!: number;
}
