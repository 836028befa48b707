import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { CORRELATION_HEADER, currentCorrelation } from '@streetteam/platform';
import type { GatewayContext } from '../identity/identity-check';

/**
 * Sends the gateway's subgraph requests with the caller's `authorization` (subgraphs
 * verify it themselves: identity is checked at every door) and the request's
 * `x-correlation-id`, so one user action is traceable across every service's logs,
 * and the caller's address as `x-forwarded-for`.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    // Only incoming operations carry a caller; health checks and schema loads do not.
    if (!headers || !('incomingRequestContext' in options)) return;
    const { authorization, correlationId, req } = options.context;
    if (authorization) headers.set('authorization', authorization);
    // The caller's address, for per-address limits (public applications); subgraphs
    // trust it only from the gateway (TRUST_PROXY).
    if (req?.ip) headers.set('x-forwarded-for', req.ip);
    const correlation = correlationId ?? currentCorrelation()?.correlationId;
    if (correlation) headers.set(CORRELATION_HEADER, correlation);
  }
}
