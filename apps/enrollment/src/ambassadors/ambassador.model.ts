import { Directive, Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ambassadorStatuses } from '@streetteam/contracts';
import { Connection } from '../pagination/connection';
import { AmbassadorStatus } from './ambassador-lifecycle';

export const AmbassadorStatusEnum = Object.fromEntries(ambassadorStatuses.map((s) => [s, s])) as { [S in AmbassadorStatus]: S };
registerEnumType(AmbassadorStatusEnum, { name: 'AmbassadorStatus', description: 'ONBOARDING → ACTIVE → PAUSED → OFFBOARDED.' });

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

  @Field()
  statusChangedAt!: Date;
}

@ObjectType()
export class AmbassadorConnection extends Connection(Ambassador) {}
