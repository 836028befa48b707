// A real federation subgraph for the gateway's tests: Apollo Server with
// @apollo/subgraph on 127.0.0.1, serving /graphql and /health/ready like a StreetTeam
// service, and remembering the headers the gateway sent it.
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import { GraphQLError, parse } from 'graphql';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export const PROGRAM_SUBGRAPH_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query {
    program(id: ID!): Program
    programs(first: Int): [Program!]!
  }
  type Program @key(fields: "id") {
    id: ID!
    name: String!
    "The program this one was copied from: lets a query nest as deep as it likes."
    parent: Program
  }
`;

export interface SeenRequest {
  authorization?: string;
  correlationId?: string;
  /** The caller's address as the gateway saw it. */
  forwardedFor?: string;
}

export interface ProgramSubgraph {
  url: string;
  seen: SeenRequest[];
  setReady(ready: boolean): void;
  stop(): Promise<void>;
}

interface Program {
  id: string;
  name: string;
}

const resolvers = {
  Query: {
    program: (_: unknown, { id }: { id: string }): Program => {
      // A database fault: its text must never reach a client through the gateway.
      if (id === 'broken') throw new Error('relation "enrollment.programs" does not exist');
      if (id === 'missing') throw new GraphQLError(`Program ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
      return { id, name: `Program ${id}` };
    },
    programs: (_: unknown, { first }: { first?: number }): Program[] =>
      Array.from({ length: first ?? 3 }, (_unused, index) => ({ id: `p${index + 1}`, name: `Program ${index + 1}` })),
  },
  Program: {
    parent: (program: Program): Program => ({ id: `${program.id}-parent`, name: `Parent of ${program.name}` }),
  },
};

export async function startProgramSubgraph(): Promise<ProgramSubgraph> {
  const seen: SeenRequest[] = [];
  let ready = true;
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(PROGRAM_SUBGRAPH_SDL), resolvers }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();
  const app = express();
  app.get('/health/ready', (_req, res) => {
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable' });
  });
  app.use(
    '/graphql',
    express.json(),
    (req, _res, next) => {
      seen.push({
        authorization: req.headers.authorization,
        correlationId: header(req.headers['x-correlation-id']),
        forwardedFor: header(req.headers['x-forwarded-for']),
      });
      next();
    },
    expressMiddleware(server),
  );
  const http = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    seen,
    setReady: (value) => {
      ready = value;
    },
    stop: async () => {
      await server.stop();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
