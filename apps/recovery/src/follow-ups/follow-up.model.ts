import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

@ObjectType({ description: 'The survey after a resolution.' })
export class FollowUp {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  claimId!: string;

  @Field()
  dueAt!: Date;

  @Field(() => Date, { nullable: true })
  requestedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  answeredAt!: Date | null;

  @Field(() => Int, { nullable: true, description: '1 to 5.' })
  satisfaction!: number | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the customer counted as recovered (positive answer or a new order).' })
  recoveredAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'SURVEY or REORDER.' })
  recoveredBy!: string | null;
}

@ObjectType({ description: 'What the customer sees after answering.' })
export class FollowUpAnswer {
  @Field(() => Int)
  satisfaction!: number;

  @Field()
  answeredAt!: Date;
}

@InputType()
export class FollowUpAnswerInput {
  @Field({ description: "The token from the survey link." })
  @IsString()
  @Length(1, 200)
  surveyToken!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string | null;
}

@ObjectType({ description: "A program's recovery over a period: claims resolved in it, and how many of those customers were won back." })
export class RecoveryRate {
  @Field(() => ID)
  programId!: string;

  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field(() => Int)
  resolvedClaims!: number;

  @Field(() => Int)
  recoveredCustomers!: number;

  @Field(() => Float, { description: 'recoveredCustomers / resolvedClaims (0 to 1), 0 when nothing was resolved.' })
  rate!: number;
}
