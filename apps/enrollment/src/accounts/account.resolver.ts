import { UseFilters } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentIdentity, Identity, Public, Role, Roles } from '@streetteam/auth';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from './account-rules';
import { AccountExceptionFilter } from './account-exception.filter';
import { Account, CreateStaffAccountInput, LoginResult } from './account.model';
import { AccountService } from './account.service';
import { AccountErrorCode, AccountException } from './account.exception';

// Scalar arguments skip the validation pipe's DTO checks, so sizes are checked here,
// before anything is hashed.
function bounded(field: string, value: string, max: number): string {
  if (value.length > max) {
    const code = field === 'email' ? AccountErrorCode.INVALID_EMAIL : AccountErrorCode.WEAK_PASSWORD;
    throw new AccountException(code, `${field} must be at most ${max} characters`);
  }
  return value;
}

@Resolver(() => Account)
@UseFilters(AccountExceptionFilter)
export class AccountResolver {
  constructor(private readonly service: AccountService) {}

  @Mutation(() => LoginResult, {
    description:
      'Email and password for a token. Five wrong passwords in a row lock the email out for 15 minutes. Refused when the deployment uses an identity provider (AUTH_JWKS_URL).',
  })
  @Public()
  login(@Args('email') email: string, @Args('password') password: string): Promise<LoginResult> {
    return this.service.login(bounded('email', email, MAX_EMAIL_LENGTH), bounded('password', password, MAX_PASSWORD_LENGTH));
  }

  @Mutation(() => Boolean, { description: 'Sends a one-time reset link if the email has an account; answers true either way.' })
  @Public()
  async requestPasswordReset(@Args('email') email: string): Promise<boolean> {
    await this.service.requestPasswordReset(bounded('email', email, MAX_EMAIL_LENGTH));
    return true;
  }

  @Mutation(() => Boolean, { description: 'Sets a new password with the token from the reset link: once, within an hour.' })
  @Public()
  async resetPassword(@Args('token') token: string, @Args('newPassword') newPassword: string): Promise<boolean> {
    await this.service.resetPassword(token.slice(0, 200), bounded('newPassword', newPassword, MAX_PASSWORD_LENGTH));
    return true;
  }

  @Mutation(() => Account, { description: 'An admin opens an account for a staff member.' })
  @Roles(Role.ADMIN)
  createStaffAccount(@Args('input') input: CreateStaffAccountInput, @CurrentIdentity() identity: Identity): Promise<Account> {
    return this.service.createStaffAccount(input, identity.subject);
  }

  @Query(() => Account, { description: "The caller's own account." })
  @Authenticated()
  myAccount(@CurrentIdentity() identity: Identity): Promise<Account> {
    return this.service.get(identity.subject);
  }
}
