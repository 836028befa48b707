import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';

// Enrollment owns Program; this subgraph only adds payouts' view of it by id.
@ObjectType()
@Directive('@key(fields: "id")')
export class Program {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'How payouts pays out a program, recorded when enrollment announced it.' })
export class ProgramPayoutSettings {
  @Field(() => Program)
  program!: Program;

  @Field({ description: 'When payouts recorded the program.' })
  recordedAt!: Date;

  @Field({ description: 'ISO 4217 code the program pays out in.' })
  currency!: string;

  @Field(() => Int, { description: 'Days a commission stays on hold before it can be paid: at least the guarantee window.' })
  holdDays!: number;
}
