import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsString, IsUUID, Length } from 'class-validator';
import { ambassadorStatuses } from '@streetteam/contracts';
import { Connection } from '../pagination/connection';
import { AmbassadorStatus } from './ambassador-lifecycle';

export const AmbassadorStatusEnum = Object.fromEntries(ambassadorStatuses.map((s) => [s, s])) as { [S in AmbassadorStatus]: S };
registerEnumType(AmbassadorStatusEnum, { name: 'AmbassadorStatus', description: 'ONBOARDING → ACTIVE ⇄ PAUSED → OFFBOARDED; ACTIVE → NEEDS_TRAINING when a module made required later is not passed in time.' });

@ObjectType({ description: 'A customer who promotes the brand in a program. Other subgraphs extend it (links, balance).' })
@Directive('@key(fields: "id")')
export class Ambassador {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  programId!: string;

  @Field(() => ID, { description: 'The application that made them an ambassador.' })
  applicationId!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field(() => AmbassadorStatusEnum)
  status!: AmbassadorStatus;

  @Field({ description: 'Unique, case-insensitive.' })
  referralCode!: string;

  @Field()
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: 'Why the status last changed.' })
  statusReason!: string | null;

  @Field()
  statusChangedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When a module made required after onboarding must be passed by.' })
  trainingDueBy!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The tier the ambassador is in; see tiers(programId).' })
  tierId!: string | null;
}

@ObjectType()
export class AmbassadorConnection extends Connection(Ambassador) {}

export const StaffAmbassadorStatusEnum = { ACTIVE: 'ACTIVE', PAUSED: 'PAUSED', OFFBOARDED: 'OFFBOARDED' } as const;
registerEnumType(StaffAmbassadorStatusEnum, { name: 'AmbassadorStatusChange', description: 'ACTIVE (resume a paused ambassador), PAUSED or OFFBOARDED.' });

@InputType()
export class ChangeAmbassadorStatusInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'ambassadorId must be an ambassador id (a UUID)' })
  ambassadorId!: string;

  @Field(() => StaffAmbassadorStatusEnum)
  @IsEnum(StaffAmbassadorStatusEnum)
  status!: keyof typeof StaffAmbassadorStatusEnum;

  @Field({ description: 'Why; the other services and the ambassador see it.' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
