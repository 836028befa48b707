import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsString, MaxLength } from 'class-validator';
import { Role } from '@streetteam/auth';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from './account-rules';

registerEnumType(Role, { name: 'Role' });

@ObjectType({ description: 'Who can log in: a staff member or an ambassador.' })
export class Account {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => ID, { nullable: true, description: 'Set when the account belongs to an ambassador.' })
  ambassadorId!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class LoginResult {
  @Field({ description: 'A bearer token for the Authorization header.' })
  token!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => Account)
  account!: Account;
}

// Lengths are checked here loosely (so an oversize value is refused before hashing) and
// exactly by the rules, which name the field.
@InputType()
export class CreateStaffAccountInput {
  @Field()
  @IsString()
  @MaxLength(MAX_EMAIL_LENGTH)
  email!: string;

  @Field({ description: '12 to 256 characters.' })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @Field(() => [Role], { description: 'Staff roles: MARKETING_OPS, FINANCE, SUPPORT_AGENT, ADMIN.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsEnum(Role, { each: true })
  roles!: Role[];
}
