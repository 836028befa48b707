import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { AmbassadorStatusEnum } from '../ambassadors/ambassador.model';
import { AmbassadorStatus } from '../ambassadors/ambassador-lifecycle';
import { Connection } from '../pagination/connection';

@ObjectType({ description: 'A quiz question as ambassadors see it: the right option is never sent.' })
export class QuizQuestion {
  @Field()
  prompt!: string;

  @Field(() => [String])
  options!: string[];
}

@ObjectType({ description: 'Something an ambassador learns before acting for the brand, checked by a short quiz.' })
export class TrainingModule {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  programId!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  body!: string | null;

  @Field(() => String, { nullable: true })
  link!: string | null;

  @Field({ description: 'Required modules must all be passed before activation.' })
  required!: boolean;

  @Field(() => Int, { description: 'Percent of questions to get right.' })
  passMark!: number;

  @Field(() => Int, { description: 'Days ambassadors already active had to pass it when it was added as required.' })
  graceDays!: number;

  @Field(() => [QuizQuestion])
  questions!: QuizQuestion[];

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class TrainingModuleConnection extends Connection(TrainingModule) {}

@ObjectType()
export class QuizAttemptResult {
  @Field(() => ID)
  moduleId!: string;

  @Field(() => Int)
  score!: number;

  @Field()
  passed!: boolean;

  @Field(() => AmbassadorStatusEnum, { description: 'ACTIVE once the last required module is passed.' })
  ambassadorStatus!: AmbassadorStatus;
}

@InputType()
export class QuizQuestionInput {
  @Field()
  @IsString()
  @Length(1, 500)
  prompt!: string;

  @Field(() => [String])
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(6)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  options!: string[];

  @Field(() => Int, { description: 'Index of the right option.' })
  @IsInt()
  correctOption!: number;
}

@InputType()
export class CreateTrainingModuleInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'programId must be a program id (a UUID)' })
  programId!: string;

  @Field()
  @IsString()
  @Length(1, 200)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  body?: string | null;

  @Field(() => String, { nullable: true, description: 'https URL of the content.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  link?: string | null;

  @Field({ defaultValue: true })
  @IsBoolean()
  required!: boolean;

  @Field(() => Int)
  @IsInt()
  passMark!: number;

  @Field(() => Int, { defaultValue: 14, description: 'Days ambassadors already active get to pass a required module.' })
  @IsInt()
  graceDays!: number;

  @Field(() => [QuizQuestionInput])
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => QuizQuestionInput)
  questions!: QuizQuestionInput[];
}
