import { Directive, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { Connection } from '../pagination/connection';

@ObjectType({ description: "A brand's ambassador program." })
@Directive('@key(fields: "id")')
export class Program {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'ISO 4217 code every amount in the program is in.' })
  currency!: string;

  @Field(() => Int, { description: 'Days a commission is held before it can be paid: the guarantee window.' })
  guaranteeWindowDays!: number;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class ProgramConnection extends Connection(Program) {}

@InputType()
export class CreateProgramInput {
  @Field()
  @IsString()
  @Length(1, 120)
  name!: string;

  @Field({ description: 'ISO 4217 code, e.g. USD.' })
  @IsString()
  @Length(3, 3)
  currency!: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(365)
  guaranteeWindowDays!: number;
}
