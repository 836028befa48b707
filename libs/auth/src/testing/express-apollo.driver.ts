// Test support (not exported from index). @nestjs/apollo 13 mounts Apollo Server 5 on
// Express through @as-integrations/express5, which this workspace does not install;
// these drivers mount the same ApolloServer, with Nest's options (error formatting,
// context with `req`), through Apollo's public executeHTTPGraphQLRequest instead.
import { ApolloServer, ApolloServerOptions, BaseContext, HeaderMap } from '@apollo/server';
import { ApolloDriver, ApolloDriverConfig, ApolloFederationDriver } from '@nestjs/apollo';
import { AbstractHttpAdapter } from '@nestjs/core';
import type { Request, Response } from 'express';

async function mountApollo(httpAdapter: AbstractHttpAdapter, options: ApolloDriverConfig): Promise<ApolloServer> {
  const server = new ApolloServer({ ...options } as unknown as ApolloServerOptions<BaseContext>);
  await server.start();
  const buildContext = async (req: Request, res: Response): Promise<BaseContext> =>
    typeof options.context === 'function' ? options.context({ req, res }) : { req };
  httpAdapter.getInstance().use(options.path ?? '/graphql', (req: Request, res: Response) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    server
      .executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method.toUpperCase(),
          headers,
          search: new URL(req.originalUrl, 'http://127.0.0.1').search,
          body: req.body,
        },
        context: () => buildContext(req, res),
      })
      .then(async (result) => {
        for (const [name, value] of result.headers) res.setHeader(name, value);
        res.status(result.status ?? 200);
        if (result.body.kind === 'complete') {
          res.end(result.body.string);
          return;
        }
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch((error: unknown) => res.status(500).end(String(error)));
  });
  return server;
}

export class ExpressApolloDriver extends ApolloDriver {
  protected override async registerExpress(options: ApolloDriverConfig): Promise<void> {
    this.apolloServer = await mountApollo(this.httpAdapterHost.httpAdapter, options);
  }
}

export class ExpressApolloFederationDriver extends ApolloFederationDriver {
  protected override async registerExpress(options: ApolloDriverConfig): Promise<void> {
    this.apolloServer = await mountApollo(this.httpAdapterHost.httpAdapter, options);
  }
}
