import { AuthRequest } from './request-of';
import { Identity } from './identity';
import { TokenVerifier } from './token-verifier';

// Keyed by the request object so an identity lives exactly as long as its request, and
// a GraphQL operation with many guarded fields verifies its token once.
const pending = new WeakMap<AuthRequest, Promise<Identity>>();
const verified = new WeakMap<AuthRequest, Identity>();

export function identify(request: AuthRequest, verifier: TokenVerifier): Promise<Identity> {
  let identity = pending.get(request);
  if (!identity) {
    const header = request.headers.authorization;
    identity = verifier.verifyAuthorizationHeader(Array.isArray(header) ? header[0] : header).then((value) => {
      verified.set(request, value);
      return value;
    });
    pending.set(request, identity);
  }
  return identity;
}

export function identityOf(request: AuthRequest): Identity | undefined {
  return verified.get(request);
}
