import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from './require-authorization';

const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});

const missing = (name: string) => ({
  message: `${name} has no authorization decorator (@Roles, @Authenticated or @Public)`,
});

ruleTester.run('require-authorization', plugin.rules['require-authorization'], {
  valid: [
    {
      name: 'passes when every resolver method carries a decorator',
      code: `
        @Resolver(() => PayoutRun)
        export class PayoutRunResolver {
          @Query(() => [PayoutRun]) @Roles(Role.FINANCE) payoutRuns() {}
          @Mutation(() => PayoutRun) @Authenticated() approve() {}
          @ResolveField() @Public() label() {}
        }`,
    },
    {
      name: 'passes when the class carries the decorator',
      code: `
        @Controller('webhooks') @Public()
        export class StripeWebhookController {
          @Post('stripe') receive() {}
        }`,
    },
    {
      name: 'passes when the decorators are namespaced',
      code: `
        @nest.Controller()
        class OrdersController {
          @nest.Get() @auth.Roles(Role.ADMIN) list() {}
        }`,
    },
    {
      name: 'ignores methods that are not handlers and references resolved for federation',
      code: `
        @Resolver(() => Campaign)
        class CampaignResolver {
          constructor(private readonly service: CampaignService) {}
          @ResolveReference() resolveReference(ref: { id: string }) {}
          private helper() {}
        }`,
    },
    {
      name: 'ignores classes that are neither resolvers nor controllers',
      code: `
        @Injectable()
        class CampaignService {
          @Get() notAHandler() {}
        }`,
    },
  ],
  invalid: [
    {
      name: 'reports a query without a decorator',
      code: `
        @Resolver()
        class PayoutRunResolver {
          @Query(() => [PayoutRun]) payoutRuns() {}
          @Mutation(() => PayoutRun) @Roles(Role.FINANCE) approve() {}
        }`,
      errors: [missing('payoutRuns')],
    },
    {
      name: 'reports each undecorated HTTP verb',
      code: `
        @Controller('orders')
        export class OrdersController {
          @Get() list() {}
          @Post() create() {}
          @Put(':id') replace() {}
          @Patch(':id') update() {}
          @Delete(':id') remove() {}
        }`,
      errors: ['list', 'create', 'replace', 'update', 'remove'].map(missing),
    },
    {
      name: 'reports subscriptions and resolved fields',
      code: `
        export default @Resolver(() => Ambassador) class AmbassadorResolver {
          @Subscription(() => Ambassador) ambassadorChanged() {}
          @ResolveField('earnings') earnings() {}
        }`,
      errors: [missing('ambassadorChanged'), missing('earnings')],
    },
    {
      name: 'reports when the class decorator is not an authorization one',
      code: `
        const Resolvers = @Resolver() @UseInterceptors(Logging) class {
          @Query(() => String) ping() {}
        };`,
      errors: [missing('ping')],
    },
  ],
});
