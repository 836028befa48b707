import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

// Enrollment owns Ambassador; campaigns adds its own fields by id. Every campaigns
// feature that adds a field to Ambassador resolves it on this one class.
@ObjectType()
@Directive('@key(fields: "id")')
export class Ambassador {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'How an ambassador appears on campaigns\' leaderboards.' })
export class AmbassadorLeaderboardProfile {
  @Field(() => Ambassador)
  ambassador!: Ambassador;

  @Field(() => String, { nullable: true, description: 'The nickname the ambassador picked, if any.' })
  nickname!: string | null;

  @Field({ description: 'Whether leaderboards show the nickname instead of the name.' })
  showNickname!: boolean;

  @Field(() => String, { nullable: true, description: 'The name leaderboards show.' })
  shownName!: string | null;
}
