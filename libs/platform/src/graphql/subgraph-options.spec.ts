import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { BadRequestException } from '@nestjs/common';
import { GraphQLError, getIntrospectionQuery, parse } from 'graphql';
import { runWithCorrelation } from '../logging/correlation';
import { JsonLogger } from '../logging/json-logger';
import { Metrics } from '../metrics/metrics';
import { badUserInputError } from './graphql-validation.pipe';
import { subgraphGraphQLOptions } from './subgraph-options';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query {
    campaign(id: ID!): Campaign
    campaigns(first: Int): [Campaign!]!
  }
  type Campaign @key(fields: "id") {
    id: ID!
    name: String!
    related: [Campaign!]!
  }
`);

const resolvers = {
  Query: {
    campaign: (_: unknown, { id }: { id: string }) => {
      if (id === 'db-down') throw new Error('relation "campaigns.campaigns" does not exist');
      if (id === 'missing') throw new GraphQLError('Campaign missing not found', { extensions: { code: 'NOT_FOUND' } });
      if (id === 'bad-dto') throw new BadRequestException(['email must be an email', 'age must not be less than 18']);
      if (id === 'bad-args') throw badUserInputError([{ field: 'input.email', problems: ['email must be an email'] }]);
      return { id, name: `Campaign ${id}` };
    },
    campaigns: () => [],
  },
  Campaign: { related: () => [] },
};

/**
 * Runs the options through a real ApolloServer. Nest's driver is not involved here (the
 * Express integration it needs is not installed), so the one thing it adds for
 * `playground: false`, the landing-page-disabled plugin, is added the same way.
 */
function serverFor(production: boolean) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new JsonLogger({ service: 'campaigns', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const metrics = new Metrics({ service: 'campaigns', defaultMetrics: false });
  const options = subgraphGraphQLOptions({ service: 'campaigns', production, logger, metrics, maxDepth: 3, maxCost: 50 });
  const server = new ApolloServer<BaseContext>({
    schema: buildSubgraphSchema({ typeDefs, resolvers }),
    introspection: options.introspection,
    plugins: [...(options.plugins ?? []), ...(options.playground === false ? [ApolloServerPluginLandingPageDisabled()] : [])],
    validationRules: options.validationRules,
    formatError: options.formatError,
    includeStacktraceInErrorResponses: options.includeStacktraceInErrorResponses,
    hideSchemaDetailsFromClientErrors: options.hideSchemaDetailsFromClientErrors,
  });
  return { server, lines, metrics, options };
}

async function errorsOf(server: ApolloServer<BaseContext>, query: string) {
  const response = await server.executeOperation({ query });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult.errors ?? [];
}

async function landingPage(server: ApolloServer<BaseContext>) {
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'GET', headers: new HeaderMap([['accept', 'text/html']]), search: '', body: undefined },
    context: async () => ({}),
  });
  // Apollo leaves the status unset (the integration's 200) when it serves the landing page.
  return { status: response.status ?? 200, html: response.body.kind === 'complete' ? response.body.string : '' };
}

describe('subgraphGraphQLOptions', () => {
  it('does describe a federation 2 subgraph with the request in context', () => {
    const options = subgraphGraphQLOptions({ service: 'campaigns', schemaFile: 'apps/campaigns/schema.graphql', production: true });
    expect(options.autoSchemaFile).toEqual({ path: 'apps/campaigns/schema.graphql', federation: 2 });
    expect(options.sortSchema).toBe(true);
    expect(options.path).toBe('/graphql');
    const req = { headers: {} };
    expect((options.context as (arg: { req: unknown }) => unknown)({ req })).toEqual({ req });
  });

  describe('in production', () => {
    const { server, lines } = serverFor(true);
    beforeAll(() => server.start());
    afterAll(() => server.stop());

    it('does refuse introspection', async () => {
      const [error] = await errorsOf(server, getIntrospectionQuery());
      expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.message).toMatch(/introspection is not allowed/i);
    });

    it('does serve no landing page, treating the browser GET as a (CSRF-blocked) client error', async () => {
      const { status, html } = await landingPage(server);
      expect(status).toBe(400);
      expect(html).not.toMatch(/sandbox|<html/i);
      expect(JSON.parse(html).errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(lines.filter((line) => line.level === 'error')).toEqual([]);
    });

    it('does reject a query deeper than maxDepth with QUERY_TOO_COMPLEX', async () => {
      const errors = await errorsOf(server, '{ campaigns { related { related { related { id } } } } }');
      expect(errors).toEqual([
        {
          message: 'Query is 5 levels deep; the maximum is 3',
          locations: [{ line: 1, column: 1 }],
          extensions: { code: 'QUERY_TOO_COMPLEX', depth: 5, maxDepth: 3 },
        },
      ]);
    });

    it('does reject a query costlier than maxCost with QUERY_TOO_COMPLEX', async () => {
      const errors = await errorsOf(server, '{ campaigns(first: 100) { id } }');
      expect(errors.map((error) => [error.message, error.extensions?.code])).toEqual([
        ['Query cost exceeds the maximum of 50', 'QUERY_TOO_COMPLEX'],
      ]);
    });

    it('does hide an internal error behind a generic message with the correlation id and log it once', async () => {
      const errors = await runWithCorrelation({ correlationId: 'portal-err-1' }, () => errorsOf(server, '{ campaign(id: "db-down") { id } }'));
      expect(errors).toEqual([
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 3 }],
          path: ['campaign'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'portal-err-1' },
        },
      ]);
      const logged = lines.filter((line) => line.level === 'error');
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ correlationId: 'portal-err-1', context: 'GraphQL', path: ['campaign'] });
      expect(logged[0].err).toMatchObject({ message: 'relation "campaigns.campaigns" does not exist' });
    });

    it('does keep message and code of a client error without stack traces', async () => {
      const errors = await errorsOf(server, '{ campaign(id: "missing") { id } }');
      expect(errors).toEqual([
        { message: 'Campaign missing not found', locations: [{ line: 1, column: 3 }], path: ['campaign'], extensions: { code: 'NOT_FOUND' } },
      ]);
    });

    it('does turn a ValidationPipe BadRequestException into BAD_USER_INPUT naming fields and problems', async () => {
      const [error] = await errorsOf(server, '{ campaign(id: "bad-dto") { id } }');
      expect(error.message).toBe('email must be an email; age must not be less than 18');
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    });

    it('does keep the field list of a GraphQLValidationPipe error', async () => {
      const [error] = await errorsOf(server, '{ campaign(id: "bad-args") { id } }');
      expect(error.message).toBe('input.email: email must be an email');
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.email', problems: ['email must be an email'] }] });
    });

    it('does keep parse errors readable for clients', async () => {
      const [error] = await errorsOf(server, '{ campaign(id: ');
      expect(error.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(error.message).toMatch(/^Syntax Error/);
    });

    it('does count operations by name and outcome', async () => {
      const { server, metrics } = serverFor(true);
      await server.start();
      await server.executeOperation({ query: 'query CampaignCard { campaign(id: "c-1") { id } }' });
      await server.executeOperation({ query: 'query CampaignCard { campaign(id: "db-down") { id } }' });
      await server.executeOperation({ query: 'query Broken { nope }' });
      const text = await metrics.render();
      expect(text).toContain('streetteam_graphql_operations_total{operation="CampaignCard",outcome="ok"} 1');
      expect(text).toContain('streetteam_graphql_operations_total{operation="CampaignCard",outcome="error"} 1');
      expect(text).toContain('streetteam_graphql_operations_total{operation="unknown",outcome="rejected"} 1');
      await server.stop();
    });
  });

  describe('outside production', () => {
    const { server } = serverFor(false);
    beforeAll(() => server.start());
    afterAll(() => server.stop());

    it('does allow introspection', async () => {
      expect(await errorsOf(server, getIntrospectionQuery())).toEqual([]);
    });

    it('does serve the Apollo Sandbox landing page', async () => {
      const { status, html } = await landingPage(server);
      expect(status).toBe(200);
      expect(html).toContain('embeddable-sandbox');
    });

    it('does still hide internal errors while showing the stack of client errors', async () => {
      const [internal] = await errorsOf(server, '{ campaign(id: "db-down") { id } }');
      expect(internal.message).toBe('Internal server error');
      expect(internal.extensions).not.toHaveProperty('stacktrace');
      const [client] = await errorsOf(server, '{ campaign(id: "missing") { id } }');
      expect(client.extensions?.stacktrace).toEqual(expect.any(Array));
    });
  });
});
