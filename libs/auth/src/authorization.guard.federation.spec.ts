import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { INestApplication, Module } from '@nestjs/common';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { NestFactory } from '@nestjs/core';
import { Directive, Field, GraphQLModule, ID, ObjectType, Parent, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import request from 'supertest';
import { AuthModule } from './auth.module';
import { Roles } from './authorization.decorators';
import { CurrentIdentity } from './current-identity.decorator';
import { Identity } from './identity';
import { Role } from './role';
import { ExpressApolloFederationDriver } from './testing/express-apollo.driver';
import { mintToken } from './token-issuer';

const KEY = 'federation-spec-signing-key-0123456789';

@ObjectType()
@Directive('@key(fields: "id")')
class Campaign {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;
}

@ObjectType()
@Directive('@key(fields: "id")')
class PayoutRun {
  @Field(() => ID)
  id!: string;

  @Field()
  requestedBy!: string;
}

@Resolver(() => Campaign)
class CampaignResolver {
  @Query(() => [Campaign])
  @Roles(Role.MARKETING_OPS)
  campaigns(): Campaign[] {
    return [{ id: 'c1', name: 'Spring' }];
  }

  // No decorator: the gateway reaches _entities only after the owning field's check.
  @ResolveReference()
  resolveReference(reference: { id: string }): Campaign {
    return { id: reference.id, name: `Campaign ${reference.id}` };
  }
}

@Resolver(() => PayoutRun)
class PayoutRunResolver {
  @Query(() => [PayoutRun])
  @Roles(Role.FINANCE)
  payoutRuns(): PayoutRun[] {
    return [];
  }

  // A decorator on a reference resolver is honoured, reading the context from its
  // (reference, context, info) arguments; @Parent() is the reference.
  @ResolveReference()
  @Roles(Role.FINANCE)
  resolveReference(@Parent() reference: { id: string }, @CurrentIdentity() identity: Identity): PayoutRun {
    return { id: reference.id, requestedBy: identity.subject };
  }
}

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
      driver: ExpressApolloFederationDriver,
      autoSchemaFile: { federation: 2 },
      plugins: [ApolloServerPluginInlineTraceDisabled()],
      fieldResolverEnhancers: ['guards', 'filters'],
    }),
  ],
  providers: [CampaignResolver, PayoutRunResolver],
})
class SubgraphSpecModule {}

describe('AuthorizationGuard in a federation subgraph', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create(SubgraphSpecModule, { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  const gql = (query: string, headers: Record<string, string> = {}) =>
    request(app.getHttpServer()).post('/graphql').set(headers).send({ query });

  it('serves _service to the gateway without a token', async () => {
    const response = await gql('{ _service { sdl } }');
    expect(response.body.data._service.sdl).toContain('type Campaign');
  });

  it('resolves an undecorated entity reference without a token', async () => {
    const response = await gql(
      '{ _entities(representations: [{ __typename: "Campaign", id: "c9" }]) { ... on Campaign { id name } } }',
    );
    expect(response.body).toEqual({ data: { _entities: [{ id: 'c9', name: 'Campaign c9' }] } });
  });

  it('still guards the root query that owns the entity', async () => {
    const response = await gql('{ campaigns { id } }');
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('enforces the roles of a decorated entity reference', async () => {
    const query = '{ _entities(representations: [{ __typename: "PayoutRun", id: "r1" }]) { ... on PayoutRun { requestedBy } } }';
    const anonymous = await gql(query);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const ambassador = await mintToken({ subject: 'acct-1', roles: [Role.AMBASSADOR] }, KEY);
    const forbidden = await gql(query, { authorization: `Bearer ${ambassador}` });
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const finance = await mintToken({ subject: 'fin-1', roles: [Role.FINANCE] }, KEY);
    const allowed = await gql(query, { authorization: `Bearer ${finance}` });
    expect(allowed.body).toEqual({ data: { _entities: [{ requestedBy: 'fin-1' }] } });
  });
});
