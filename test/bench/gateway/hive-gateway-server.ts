// The Hive Gateway side of `npm run bench:gateway`: @graphql-hive/gateway-runtime over
// the same supergraph file as apps/gateway, served by node:http on 127.0.0.1 and run as
// its own process so its CPU time can be read apart from the others'.
//
// It does the per-request work apps/gateway does, so the comparison is of gateways and
// not of features: verify the caller's token before execution (libs/auth), depth and
// cost limits (libs/platform), masked errors, no introspection, no landing page, and
// forward `authorization` and `x-correlation-id` to the subgraph. It leaves out what
// apps/gateway carries besides: NestJS + Express, PlatformModule's HTTP and GraphQL
// metrics and its access log (silent at the bench's LOG_LEVEL=warn). So Hive starts with
// a small head start, and a tie here would be a loss in apps/gateway.
//
// Environment: HIVE_PORT, SUPERGRAPH_FILE, AUTH_DEV_SIGNING_KEY (or the other libs/auth variables).
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GraphQLError, ValidationRule } from 'graphql';
import { AuthError, authConfigFromEnv, TokenVerifier } from '@streetteam/auth';
import { CORRELATION_HEADER, costLimitRule, DEFAULT_MAX_COST, DEFAULT_MAX_DEPTH, depthLimitRule } from '@streetteam/platform';

// Required, not imported: the runtime's typings pull in @whatwg-node/fetch, whose
// `/// <reference lib="dom" />` would swap Node's fetch types for the DOM's across the
// whole type-checked repo (apps/gateway's fetcher stops compiling). This is the slice used.
interface HivePlugin {
  onRequest?(payload: { request: Request }): void;
  onValidate?(payload: { addValidationRule(rule: ValidationRule): void }): void;
  onContextBuilding?(payload: { context: { request: Request } }): Promise<void>;
}
interface HiveRuntime {
  (request: IncomingMessage, response: ServerResponse): void;
  dispose(): Promise<void> | void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createGatewayRuntime } = require('@graphql-hive/gateway-runtime') as {
  createGatewayRuntime(config: {
    supergraph: string;
    logging: 'warn';
    graphiql: false;
    landingPage: false;
    disableIntrospection: { disableIf(): boolean };
    maskedErrors: true;
    propagateHeaders: {
      fromClientToSubgraphs(payload: { request: Request }): Record<string, string | null | undefined>;
    };
    plugins(): HivePlugin[];
    transports: { http: HttpTransport };
  }): HiveRuntime;
};

// The runtime loads `@graphql-mesh/transport-http` by name, which only the packaged Hive
// Gateway CLI brings; that transport is a thin wrapper around the runtime's own HTTP
// executor, so the bench builds it here rather than install another package.
type Executor = unknown;
interface HttpTransport {
  getSubgraphExecutor(options: { transportEntry: { location?: string; subgraph: string }; fetch?: unknown }): Executor;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildHTTPExecutor } = require('@graphql-tools/executor-http') as {
  buildHTTPExecutor(options: { endpoint: string; fetch?: unknown }): Executor;
};
const httpTransport: HttpTransport = {
  getSubgraphExecutor: ({ transportEntry, fetch }) => {
    if (!transportEntry.location) throw new Error(`subgraph "${transportEntry.subgraph}" has no URL in the supergraph`);
    return buildHTTPExecutor({ endpoint: transportEntry.location, fetch });
  },
};

const port = Number(process.env.HIVE_PORT);
const supergraphFile = process.env.SUPERGRAPH_FILE;
if (!Number.isInteger(port) || port <= 0 || !supergraphFile) {
  process.stderr.write('hive-gateway-server needs HIVE_PORT and SUPERGRAPH_FILE\n');
  process.exit(1);
}
const verifier = new TokenVerifier(authConfigFromEnv(process.env));
const correlationIds = new WeakMap<Request, string>();

const gateway = createGatewayRuntime({
  supergraph: readFileSync(supergraphFile, 'utf8'),
  logging: 'warn',
  graphiql: false,
  landingPage: false,
  disableIntrospection: { disableIf: () => true },
  maskedErrors: true,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({
      authorization: request.headers.get('authorization'),
      [CORRELATION_HEADER]: correlationIds.get(request),
    }),
  },
  transports: { http: httpTransport },
  plugins: () => [
    {
      onRequest({ request }) {
        correlationIds.set(request, request.headers.get(CORRELATION_HEADER) ?? randomUUID());
      },
      onValidate({ addValidationRule }) {
        addValidationRule(depthLimitRule(DEFAULT_MAX_DEPTH));
        addValidationRule(costLimitRule(DEFAULT_MAX_COST));
      },
      async onContextBuilding({ context }) {
        const authorization = context.request.headers.get('authorization');
        if (authorization === null || authorization.trim() === '') return;
        try {
          await verifier.verifyAuthorizationHeader(authorization);
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          throw new GraphQLError(`Authorization refused: ${error.message}`, {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        }
      },
    },
  ],
});

const server = createServer(gateway);
server.listen(port, '127.0.0.1');
const stop = (): void => {
  server.close();
  void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
