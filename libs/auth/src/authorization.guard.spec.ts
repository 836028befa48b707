import { Controller, Get, INestApplication, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { Args, Field, GraphQLModule, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import request from 'supertest';
import { assertSelfOrRole } from './assert-self-or-role';
import { AuthModule } from './auth.module';
import { Authenticated, Public, Roles } from './authorization.decorators';
import { CurrentIdentity } from './current-identity.decorator';
import { Identity } from './identity';
import { Role } from './role';
import { ExpressApolloDriver } from './testing/express-apollo.driver';
import { mintToken } from './token-issuer';

const KEY = 'guard-spec-signing-key-0123456789abcdef';

@Controller('payout-runs')
class PayoutRunController {
  @Get('health')
  @Public()
  health(@CurrentIdentity() identity: Identity | undefined) {
    return { ok: true, subject: identity?.subject ?? null };
  }

  @Get()
  @Roles(Role.FINANCE, Role.ADMIN)
  list(@CurrentIdentity() identity: Identity) {
    return { runs: [], by: identity.subject };
  }

  @Get('mine')
  @Authenticated()
  mine(@CurrentIdentity() identity: Identity) {
    return identity;
  }

  @Get('earnings/:ambassadorId')
  @Authenticated()
  earnings(@CurrentIdentity() identity: Identity, @Param('ambassadorId') ambassadorId: string) {
    assertSelfOrRole(identity, ambassadorId, Role.FINANCE);
    return { ambassadorId };
  }

  @Get('forgotten')
  forgotten() {
    return { leaked: true };
  }
}

@Controller('campaigns')
@Roles(Role.MARKETING_OPS)
class CampaignController {
  @Get()
  list() {
    return ['spring'];
  }

  @Get('teaser')
  @Public()
  teaser() {
    return 'coming soon';
  }
}

@ObjectType()
class Earnings {
  @Field()
  ambassadorId!: string;

  @Field()
  totalMinor!: number;
}

@Resolver(() => Earnings)
class EarningsResolver {
  @Query(() => Earnings)
  @Authenticated()
  earnings(@CurrentIdentity() identity: Identity, @Args('ambassadorId') ambassadorId: string): Earnings {
    assertSelfOrRole(identity, ambassadorId, Role.FINANCE);
    return { ambassadorId, totalMinor: 1234 };
  }

  @Query(() => String)
  @Roles(Role.ADMIN)
  adminOnly(@CurrentIdentity() identity: Identity): string {
    return identity.subject;
  }

  @Query(() => String)
  @Public()
  ping(): string {
    return 'pong';
  }

  @Query(() => String)
  undecorated(): string {
    return 'leaked';
  }

  @ResolveField(() => String)
  @Roles(Role.FINANCE)
  ledgerNote(): string {
    return 'finance eyes only';
  }
}

// @nestjs/testing is not installed; a plain module through NestFactory is the same app.
// ExpressApolloDriver is ApolloDriver minus the missing @as-integrations/express5.
@Module({
  imports: [
    AuthModule.forRoot({
      mode: 'dev',
      devSigningKey: KEY,
      issuer: 'streetteam',
      audience: 'streetteam',
      clockToleranceSeconds: 5,
    }),
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ExpressApolloDriver,
      autoSchemaFile: true,
      fieldResolverEnhancers: ['guards', 'filters'],
    }),
  ],
  controllers: [PayoutRunController, CampaignController],
  providers: [EarningsResolver],
})
class GuardSpecModule {}

describe('AuthorizationGuard', () => {
  let app: INestApplication;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await NestFactory.create(GuardSpecModule, { logger: false });
    await app.init();
    tokens.finance = await mintToken({ subject: 'fin-1', roles: [Role.FINANCE] }, KEY);
    tokens.ambassador = await mintToken({ subject: 'acct-1', roles: [Role.AMBASSADOR], ambassadorId: 'amb-1' }, KEY);
    tokens.ops = await mintToken({ subject: 'ops-1', roles: [Role.MARKETING_OPS] }, KEY);
    tokens.admin = await mintToken({ subject: 'admin-1', roles: [Role.ADMIN] }, KEY);
    tokens.forged = await mintToken({ subject: 'evil', roles: [Role.ADMIN] }, 'not-the-real-key-but-long-enough-000');
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const bearer = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });

  describe('over HTTP', () => {
    it('answers 401 when a @Roles route gets no token', async () => {
      await http().get('/payout-runs').expect(401);
    });

    it('answers 401 when the token is forged', async () => {
      await http().get('/payout-runs').set(bearer('forged')).expect(401);
    });

    it('answers 403 when the identity lacks the role', async () => {
      const response = await http().get('/payout-runs').set(bearer('ambassador')).expect(403);
      expect(response.body.message).toBe('requires one of the roles: FINANCE, ADMIN');
    });

    it('serves the route with the identity when the role matches', async () => {
      await http().get('/payout-runs').set(bearer('finance')).expect(200, { runs: [], by: 'fin-1' });
    });

    it('serves any valid identity on an @Authenticated route', async () => {
      const response = await http().get('/payout-runs/mine').set(bearer('ambassador')).expect(200);
      expect(response.body).toEqual({ subject: 'acct-1', roles: ['AMBASSADOR'], ambassadorId: 'amb-1' });
    });

    it('serves a @Public route without a token and fills the identity when one is sent', async () => {
      await http().get('/payout-runs/health').expect(200, { ok: true, subject: null });
      await http().get('/payout-runs/health').set(bearer('finance')).expect(200, { ok: true, subject: 'fin-1' });
      await http().get('/payout-runs/health').set(bearer('forged')).expect(200, { ok: true, subject: null });
    });

    it('refuses with 403 when a route has no authorization decorator, even for an admin', async () => {
      await http().get('/payout-runs/forgotten').set(bearer('admin')).expect(403);
    });

    it('applies a class-level @Roles to every route and lets a method override it', async () => {
      await http().get('/campaigns').set(bearer('ops')).expect(200, ['spring']);
      await http().get('/campaigns').set(bearer('finance')).expect(403);
      await http().get('/campaigns/teaser').expect(200);
    });

    it('turns assertSelfOrRole into 403 when an ambassador asks for another one', async () => {
      await http().get('/payout-runs/earnings/amb-1').set(bearer('ambassador')).expect(200);
      await http().get('/payout-runs/earnings/amb-2').set(bearer('ambassador')).expect(403);
      await http().get('/payout-runs/earnings/amb-2').set(bearer('finance')).expect(200);
    });
  });

  describe('over GraphQL', () => {
    const gql = (query: string, headers: Record<string, string> = {}) =>
      http().post('/graphql').set(headers).send({ query });

    it('answers UNAUTHENTICATED when an @Authenticated query gets no token', async () => {
      const response = await gql('{ earnings(ambassadorId: "amb-1") { totalMinor } }');
      expect(response.body.data).toBeNull();
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('answers FORBIDDEN when the identity lacks the role', async () => {
      const response = await gql('{ adminOnly }', bearer('finance'));
      expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(response.body.errors[0].message).toBe('requires one of the roles: ADMIN');
    });

    it('resolves with the identity when the role matches', async () => {
      const response = await gql('{ adminOnly }', bearer('admin'));
      expect(response.body).toEqual({ data: { adminOnly: 'admin-1' } });
    });

    it('answers FORBIDDEN when a query has no authorization decorator', async () => {
      const response = await gql('{ undecorated }', bearer('admin'));
      expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(response.body.data).toBeNull();
    });

    it('resolves a @Public query without a token', async () => {
      expect((await gql('{ ping }')).body).toEqual({ data: { ping: 'pong' } });
    });

    it('turns assertSelfOrRole into FORBIDDEN when an ambassador asks for another one', async () => {
      const mine = await gql('{ earnings(ambassadorId: "amb-1") { totalMinor } }', bearer('ambassador'));
      expect(mine.body).toEqual({ data: { earnings: { totalMinor: 1234 } } });
      const theirs = await gql('{ earnings(ambassadorId: "amb-2") { totalMinor } }', bearer('ambassador'));
      expect(theirs.body.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('guards a @ResolveField by its own roles when field guards are enabled', async () => {
      const ambassador = await gql('{ earnings(ambassadorId: "amb-1") { ledgerNote } }', bearer('ambassador'));
      expect(ambassador.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(ambassador.body.errors[0].path).toEqual(['earnings', 'ledgerNote']);
      const finance = await gql('{ earnings(ambassadorId: "amb-1") { ledgerNote } }', bearer('finance'));
      expect(finance.body).toEqual({ data: { earnings: { ledgerNote: 'finance eyes only' } } });
    });
  });
});
