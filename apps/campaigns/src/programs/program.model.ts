import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

// Enrollment owns Program; this subgraph only adds campaigns' view of it by id.
@ObjectType()
@Directive('@key(fields: "id")')
export class Program {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'What campaigns knows of a program, recorded when enrollment announced it.' })
export class ProgramCampaignSettings {
  @Field(() => Program)
  program!: Program;

  @Field({ description: 'When campaigns recorded the program.' })
  recordedAt!: Date;

  @Field({ description: 'ISO 4217 code the commission rules of the program pay in.' })
  currency!: string;
}
