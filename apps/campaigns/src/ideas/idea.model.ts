import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { IDEA_LIMITS, IdeaStatus, ideaStatuses } from './idea-rules';
import { IdeaSubmitterKind } from './idea.entity';

export const IdeaStatusEnum = {
  RECEIVED: 'RECEIVED',
  UNDER_REVIEW: 'UNDER_REVIEW',
  PLANNED: 'PLANNED',
  SHIPPED: 'SHIPPED',
  DECLINED: 'DECLINED',
} as const satisfies { [S in IdeaStatus]: S };
registerEnumType(IdeaStatusEnum, { name: 'IdeaStatus', description: 'RECEIVED → UNDER_REVIEW → PLANNED → SHIPPED, or DECLINED from any open step.' });

export const IdeaSubmitterKindEnum = { AMBASSADOR: 'AMBASSADOR', CUSTOMER: 'CUSTOMER' } as const satisfies { [K in IdeaSubmitterKind]: K };
registerEnumType(IdeaSubmitterKindEnum, { name: 'IdeaSubmitterKind', description: 'An ambassador signed in, or a customer through the public form.' });

@ObjectType({ description: 'One step of an idea and the answer its submitter sees.' })
export class IdeaAnswer {
  @Field(() => IdeaStatusEnum)
  fromStatus!: IdeaStatus;

  @Field(() => IdeaStatusEnum, { description: 'The status the idea moved to with this answer.' })
  status!: IdeaStatus;

  @Field()
  answer!: string;

  @Field()
  answeredAt!: Date;
}

@ObjectType({ description: 'An idea, as marketing ops and its own ambassador see it. A public submitter\'s email is never shown here.' })
export class Idea {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  programId!: string;

  @Field(() => IdeaSubmitterKindEnum)
  submitterKind!: IdeaSubmitterKind;

  @Field(() => ID, { nullable: true, description: 'The ambassador who submitted it; null for a customer.' })
  ambassadorId!: string | null;

  @Field({ description: 'Whether the submitter left an email to hear back (the address itself stays private).' })
  contactable!: boolean;

  @Field()
  title!: string;

  @Field()
  body!: string;

  @Field(() => IdeaStatusEnum)
  status!: IdeaStatus;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  firstAnsweredAt!: Date | null;

  @Field({ description: "When the first answer is due by the program's promise." })
  answerDueAt!: Date;

  @Field(() => [IdeaAnswer], { description: 'Oldest first.' })
  answers!: IdeaAnswer[];
}

@ObjectType({ description: 'What a public submitter sees of their own idea, with their token.' })
export class PublicIdea {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  programId!: string;

  @Field()
  title!: string;

  @Field()
  body!: string;

  @Field(() => String, { nullable: true, description: 'The email they left, if any: shown to them only.' })
  email!: string | null;

  @Field(() => IdeaStatusEnum)
  status!: IdeaStatus;

  @Field()
  createdAt!: Date;

  @Field({ description: "When the first answer is due by the program's promise." })
  answerDueAt!: Date;

  @Field(() => [IdeaAnswer])
  answers!: IdeaAnswer[];
}

@ObjectType()
export class SubmittedPublicIdea {
  @Field({ description: 'Shown once: keep it to follow the idea (publicIdea).' })
  submitterToken!: string;

  @Field(() => PublicIdea)
  idea!: PublicIdea;
}

@ObjectType()
export class IdeaPageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class IdeaEdge {
  @Field()
  cursor!: string;

  @Field(() => Idea)
  node!: Idea;
}

@ObjectType()
export class IdeaConnection {
  @Field(() => [IdeaEdge])
  edges!: IdeaEdge[];

  @Field(() => IdeaPageInfo)
  pageInfo!: IdeaPageInfo;
}

@ObjectType({ description: "A program's promise to the people who give ideas." })
export class IdeaProgramSettings {
  @Field(() => ID)
  programId!: string;

  @Field(() => Int, { description: 'Every idea gets its first answer within this many days.' })
  answerPromiseDays!: number;
}

@InputType()
export class SubmitIdeaInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'programId must be a program id (a UUID)' })
  programId!: string;

  @Field()
  @IsString()
  @MaxLength(IDEA_LIMITS.titleMax)
  title!: string;

  @Field()
  @IsString()
  @MaxLength(IDEA_LIMITS.bodyMax)
  body!: string;
}

@InputType()
export class SubmitPublicIdeaInput extends SubmitIdeaInput {
  @Field(() => String, { nullable: true, description: 'Optional, to hear back; never shown to anyone else.' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;
}

@InputType()
export class MoveIdeaInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'ideaId must be an idea id (a UUID)' })
  ideaId!: string;

  @Field(() => IdeaStatusEnum)
  @IsIn([...ideaStatuses])
  to!: IdeaStatus;

  @Field({ description: 'What the submitter is told about this step.' })
  @IsString()
  @Length(1, IDEA_LIMITS.answerMax)
  answer!: string;
}

