import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Type } from 'class-transformer';
import { InvolvementForm, involvementForms, MISSION_LIMITS, MissionKind, missionKinds, ProofKind, proofKinds, SubmissionStatus } from './mission-rules';
import { MinorUnits } from '@streetteam/platform';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const MissionKindEnum = enumOf(missionKinds);
registerEnumType(MissionKindEnum, { name: 'MissionKind' });
export const InvolvementFormEnum = enumOf(involvementForms);
registerEnumType(InvolvementFormEnum, { name: 'InvolvementForm', description: 'The four forms of customer involvement a mission can take.' });
export const MissionProofEnum = enumOf(proofKinds);
registerEnumType(MissionProofEnum, { name: 'MissionProof', description: 'What a submission must carry: nothing, a link, or a text.' });
export const MissionSubmissionStatusEnum = enumOf(['PENDING', 'APPROVED', 'REJECTED'] as const satisfies readonly SubmissionStatus[]);
registerEnumType(MissionSubmissionStatusEnum, { name: 'MissionSubmissionStatus' });

@ObjectType({ description: 'Something ambassadors do in a campaign, for points and maybe a bounty.' })
export class Mission {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field(() => MissionKindEnum)
  kind!: MissionKind;

  @Field(() => InvolvementFormEnum)
  involvement!: InvolvementForm;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => Int)
  points!: number;

  @Field(() => MinorUnits, { nullable: true, description: "Paid as a commission on approval, in minor units of the campaign's currency; null: none." })
  bountyMinor!: number | null;

  @Field()
  currency!: string;

  @Field(() => MissionProofEnum)
  proof!: ProofKind;

  @Field(() => Int, { description: 'Submissions per ambassador, pending or approved.' })
  limitPerAmbassador!: number;

  @Field()
  startsAt!: Date;

  @Field(() => Date, { nullable: true })
  endsAt!: Date | null;
}

@ObjectType({ description: "An ambassador's submission to a mission and its review." })
export class MissionSubmission {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  missionId!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  ambassadorId!: string;

  @Field(() => String, { nullable: true })
  proofUrl!: string | null;

  @Field(() => String, { nullable: true })
  proofText!: string | null;

  @Field(() => MissionSubmissionStatusEnum)
  status!: SubmissionStatus;

  @Field(() => String, { nullable: true, description: 'Why it was rejected: the ambassador sees it.' })
  rejectionReason!: string | null;

  @Field()
  submittedAt!: Date;

  @Field(() => Date, { nullable: true })
  reviewedAt!: Date | null;
}

@InputType()
export class CreateMissionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'campaignId must be a campaign id (a UUID)' })
  campaignId!: string;

  @Field(() => MissionKindEnum)
  @IsIn([...missionKinds])
  kind!: MissionKind;

  @Field(() => InvolvementFormEnum, { nullable: true, description: 'Defaults from the kind.' })
  @IsOptional()
  @IsIn([...involvementForms])
  involvement?: InvolvementForm | null;

  @Field()
  @IsString()
  @Length(1, MISSION_LIMITS.titleMax)
  title!: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(MISSION_LIMITS.descriptionMax)
  description!: string;

  @Field(() => Int)
  @IsInt()
  points!: number;

  @Field(() => MinorUnits, { nullable: true })
  @IsOptional()
  @IsInt()
  bountyMinor?: number | null;

  @Field(() => MissionProofEnum, { defaultValue: 'NONE' })
  @IsIn([...proofKinds])
  proof!: ProofKind;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  limitPerAmbassador!: number;

  @Field(() => Date, { nullable: true, description: 'Defaults to now.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  endsAt?: Date | null;
}

@InputType()
export class SubmitMissionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'missionId must be a mission id (a UUID)' })
  missionId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MISSION_LIMITS.proofMax)
  proofUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MISSION_LIMITS.proofMax)
  proofText?: string | null;
}
