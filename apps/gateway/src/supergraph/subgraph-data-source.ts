import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { CORRELATION_HEADER, currentCorrelation } from '@streetteam/platform';
import type { GatewayContext } from '../identity/identity-check';

/**
 * Sends the gateway's subgraph requests with the caller's `authorization` (subgraphs
 * verify it themselves: identity is checked at every door) and the request's
 * `x-correlation-id`, so one user action is traceable across every service's logs.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    // Only incoming operations carry a caller; health checks and schema loads do not.
    if (!headers || !('incomingRequestContext' in options)) return;
    const { authorization, correlationId } = options.context;
    if (authorization) headers.set('authorization', authorization);
    const correlation = correlationId ?? currentCorrelation()?.correlationId;
    if (correlation) headers.set(CORRELATION_HEADER, correlation);
  }
}
