import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Ambassador } from '../ambassadors/ambassador.model';

@ObjectType({ description: 'Clicks on a link: every click received, and those that count (repeats within 30 minutes and known bots don\'t).' })
export class ReferralLinkClicks {
  @Field(() => Int)
  counted!: number;

  @Field(() => Int)
  received!: number;

  @Field(() => Int)
  last30DaysCounted!: number;
}

@ObjectType({ description: 'An ambassador\'s link in a campaign. The ambassador\'s referral code is the discount code at checkout.' })
export class ReferralLink {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field(() => Ambassador)
  ambassador!: Ambassador;

  @Field()
  slug!: string;

  @Field({ description: 'The short link to share: <public url>/r/<slug>.' })
  shortUrl!: string;

  @Field({ description: 'Where the short link sends people, with UTM parameters (the redirect adds a click id).' })
  destinationUrl!: string;

  @Field()
  createdAt!: Date;
}
