import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { Connection } from '../pagination/connection';
import { ApplicationStatus } from './application-scoring';

export const ApplicationStatusEnum = {
  SUBMITTED: 'SUBMITTED',
  UNDER_REVIEW: 'UNDER_REVIEW',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  WAITLISTED: 'WAITLISTED',
  WITHDRAWN: 'WITHDRAWN',
} as const satisfies { [S in ApplicationStatus]: S };
registerEnumType(ApplicationStatusEnum, { name: 'ApplicationStatus', description: 'SUBMITTED → UNDER_REVIEW → APPROVED / REJECTED / WAITLISTED, or WITHDRAWN.' });

export type ApplicationSource = 'DIRECT' | 'RECOVERY_INVITATION';
export const ApplicationSourceEnum = { DIRECT: 'DIRECT', RECOVERY_INVITATION: 'RECOVERY_INVITATION' } as const satisfies { [S in ApplicationSource]: S };
registerEnumType(ApplicationSourceEnum, { name: 'ApplicationSource' });

export const DecisionEnum = { APPROVED: 'APPROVED', REJECTED: 'REJECTED', WAITLISTED: 'WAITLISTED' } as const;
registerEnumType(DecisionEnum, { name: 'ApplicationDecision' });

@ObjectType()
export class ApplicationQuestion {
  @Field()
  key!: string;

  @Field()
  prompt!: string;
}

@ObjectType({ description: "One version of a program's selection rules. Version 0 is the default: open to all, every application reviewed." })
export class SelectionRuleVersion {
  @Field(() => ID)
  programId!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => Int)
  minPriorOrders!: number;

  @Field(() => Int)
  minAccountAgeDays!: number;

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2; empty: every country.' })
  allowedCountries!: string[];

  @Field(() => [ApplicationQuestion])
  requiredQuestions!: ApplicationQuestion[];

  @Field(() => Int, { nullable: true, description: 'Score at or above which an application is approved without review; null: always reviewed.' })
  autoApproveScore!: number | null;

  @Field(() => Int, { nullable: true, description: 'Ambassadors the program takes; null: no limit.' })
  capacity!: number | null;

  @Field(() => Int)
  reapplyCooldownDays!: number;

  @Field({ description: 'Whether customers won back by recovery are invited to apply.' })
  inviteRecoveredCustomers!: boolean;
}

@ObjectType({ description: "One rule's verdict on an application, shown to reviewers." })
export class RuleResult {
  @Field({ description: 'PRIOR_ORDERS, ACCOUNT_AGE, COUNTRY or REQUIRED_QUESTIONS.' })
  rule!: string;

  @Field()
  passed!: boolean;

  @Field()
  detail!: string;
}

@ObjectType()
export class Answer {
  @Field()
  questionKey!: string;

  @Field()
  answer!: string;
}

@ObjectType({ description: 'An application to become an ambassador, as reviewers see it.' })
export class AmbassadorApplication {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  programId!: string;

  @Field(() => Int, { description: 'The selection rule version it was judged by.' })
  ruleVersion!: number;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field()
  country!: string;

  @Field(() => [String])
  socialHandles!: string[];

  @Field(() => [Answer])
  answers!: Answer[];

  @Field(() => Int)
  priorOrders!: number;

  @Field(() => String, { nullable: true })
  customerSince!: string | null;

  @Field(() => Int)
  score!: number;

  @Field(() => [RuleResult])
  ruleResults!: RuleResult[];

  @Field(() => ApplicationStatusEnum)
  status!: ApplicationStatus;

  @Field(() => ApplicationSourceEnum, { description: 'How the applicant came: on their own, or invited after recovery won them back.' })
  source!: ApplicationSource;

  @Field({ description: 'When it was submitted.' })
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: 'Account id of the reviewer, or "auto-approve".' })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why: for the record, not shown to the applicant.' })
  decisionNote!: string | null;

  @Field(() => String, { nullable: true, description: 'What the applicant is told.' })
  reasonForApplicant!: string | null;

  @Field(() => ID, { nullable: true })
  ambassadorId!: string | null;
}

@ObjectType()
export class AmbassadorApplicationConnection extends Connection(AmbassadorApplication) {}

@ObjectType({ description: 'What an applicant sees of their own application.' })
export class ApplicationOutcome {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  programId!: string;

  @Field(() => ApplicationStatusEnum)
  status!: ApplicationStatus;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The reason the program chose to share.' })
  reasonForApplicant!: string | null;
}

@ObjectType()
export class SubmittedApplication {
  @Field({ description: 'Shown once: keep it to follow or withdraw the application.' })
  applicantToken!: string;

  @Field(() => ApplicationOutcome)
  application!: ApplicationOutcome;
}

@InputType()
export class ApplicationQuestionInput {
  @Field()
  @IsString()
  @Length(1, 40)
  key!: string;

  @Field()
  @IsString()
  @Length(1, 500)
  prompt!: string;
}

@InputType()
export class SelectionRulesInput {
  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  minPriorOrders!: number;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  minAccountAgeDays!: number;

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(250)
  @IsString({ each: true })
  @MaxLength(2, { each: true })
  allowedCountries!: string[];

  @Field(() => [ApplicationQuestionInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ApplicationQuestionInput)
  requiredQuestions!: ApplicationQuestionInput[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  autoApproveScore?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  capacity?: number | null;

  @Field(() => Int, { defaultValue: 30 })
  @IsInt()
  reapplyCooldownDays!: number;

  @Field({ defaultValue: false, description: 'Invite customers won back by recovery to apply.' })
  @IsBoolean()
  inviteRecoveredCustomers!: boolean;
}

@InputType()
export class AnswerInput {
  @Field()
  @IsString()
  @Length(1, 40)
  questionKey!: string;

  @Field()
  @IsString()
  @MaxLength(2000)
  answer!: string;
}

@InputType()
export class SubmitApplicationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'programId must be a program id (a UUID)' })
  programId!: string;

  @Field()
  @IsString()
  @MaxLength(254)
  email!: string;

  @Field()
  @IsString()
  @Length(1, 120)
  name!: string;

  @Field({ description: 'ISO 3166-1 alpha-2, e.g. US.' })
  @IsString()
  @Length(2, 2)
  country!: string;

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  socialHandles!: string[];

  @Field(() => [AnswerInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AnswerInput)
  answers!: AnswerInput[];

  @Field(() => Int, { description: 'Orders placed with the brand so far, as the applicant states.' })
  @IsInt()
  @Min(0)
  @Max(100000)
  priorOrders!: number;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: since when the applicant is a customer.' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  customerSince?: string | null;

  @Field({ description: 'Must be true: consent to the program terms.' })
  @IsBoolean()
  acceptedTerms!: boolean;
}

@InputType()
export class DecideApplicationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'applicationId must be an application id (a UUID)' })
  applicationId!: string;

  @Field(() => DecisionEnum)
  @IsEnum(DecisionEnum)
  decision!: keyof typeof DecisionEnum;

  @Field({ description: 'Why: kept with the decision for other reviewers.' })
  @IsString()
  @Length(1, 2000)
  note!: string;

  @Field(() => String, { nullable: true, description: 'What the applicant is told.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reasonForApplicant?: string | null;
}
