import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';

// Enrollment owns Program; this subgraph only adds recovery's view of it by id.
@ObjectType()
@Directive('@key(fields: "id")')
export class Program {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: "The program's unconditional guarantee as recovery applies it, recorded when enrollment announced the program." })
export class ProgramGuaranteePolicy {
  @Field(() => Program)
  program!: Program;

  @Field({ description: 'When recovery recorded the program.' })
  recordedAt!: Date;

  @Field(() => Int, { description: 'Days after a sale in which a referred customer may claim the guarantee.' })
  guaranteeWindowDays!: number;
}
