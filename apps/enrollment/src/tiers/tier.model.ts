import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsString, Length } from 'class-validator';
import { MinorUnits } from '@streetteam/platform';

@ObjectType({ description: 'A level in a program (e.g. bronze, silver, gold) with its thresholds and commission multiplier.' })
export class Tier {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  programId!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Higher is better.' })
  rank!: number;

  @Field(() => MinorUnits, { description: "Trailing 90-day attributed sales to reach it, in the program currency's minor units." })
  minSalesMinor!: number;

  @Field(() => Int, { description: 'Or trailing 90-day points to reach it.' })
  minPoints!: number;

  @Field(() => Int, { description: 'Commission multiplier in basis points: 10000 is 1×.' })
  multiplierBps!: number;
}

@InputType()
export class CreateTierInput {
  @Field(() => ID)
  @IsString()
  programId!: string;

  @Field()
  @IsString()
  @Length(1, 40)
  name!: string;

  @Field(() => Int)
  @IsInt()
  rank!: number;

  @Field(() => MinorUnits)
  @IsInt()
  minSalesMinor!: number;

  @Field(() => Int)
  @IsInt()
  minPoints!: number;

  @Field(() => Int)
  @IsInt()
  multiplierBps!: number;
}
