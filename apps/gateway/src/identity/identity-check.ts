import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { AuthError, Identity, TokenVerifier } from '@streetteam/auth';
import { currentCorrelation } from '@streetteam/platform';

/** What every gateway operation carries to the subgraph requests it plans. */
export type GatewayContext = {
  req: Request;
  /** The caller's header, forwarded as is so each subgraph verifies the same JWT. */
  authorization?: string;
  /** The verified caller; absent for an anonymous request. */
  identity?: Identity;
  /** Set by PlatformModule's correlation middleware for this request. */
  correlationId?: string;
};

/**
 * Apollo `context` for the gateway: a request that carries an Authorization header
 * must prove it before anything is planned or sent to a subgraph; one without is
 * anonymous, and each subgraph decides per field whether that is enough.
 */
export function gatewayContext(verifier: TokenVerifier): (args: { req: Request }) => Promise<GatewayContext> {
  return async ({ req }) => {
    const authorization = req.headers.authorization;
    const correlationId = currentCorrelation()?.correlationId;
    if (authorization === undefined || authorization.trim() === '') return { req, correlationId };
    try {
      const identity = await verifier.verifyAuthorizationHeader(authorization);
      return { req, authorization, identity, correlationId };
    } catch (error) {
      // A broken identity provider is our fault, not the caller's: it stays an internal error.
      if (!(error instanceof AuthError)) throw error;
      throw new GraphQLError(`Authorization refused: ${error.message}`, {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
  };
}
