import { createRemoteJWKSet, errors, jwtVerify, JWTPayload, JWTVerifyOptions } from 'jose';
import { z } from 'zod';
import { AuthConfig } from './auth-config';
import { AuthError, AuthErrorCode } from './auth-error';
import { Identity } from './identity';
import { Role } from './role';

const claimsSchema = z.object({
  sub: z.string().min(1),
  roles: z.array(z.nativeEnum(Role)),
  ambassadorId: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
});

/** Verifies Bearer JWTs against the configured key and turns their claims into an Identity. */
export class TokenVerifier {
  private readonly verifyJwt: (token: string) => Promise<JWTPayload>;

  constructor(config: AuthConfig) {
    const options: JWTVerifyOptions = {
      issuer: config.issuer,
      audience: config.audience,
      clockTolerance: config.clockToleranceSeconds,
      // Pinning algorithms per mode stops a token choosing a weaker one (alg confusion).
      algorithms: config.mode === 'dev' ? ['HS256'] : ['RS256', 'ES256'],
      requiredClaims: ['exp', 'sub'],
    };
    if (config.mode === 'dev') {
      const secret = new TextEncoder().encode(config.devSigningKey);
      this.verifyJwt = async (token) => (await jwtVerify(token, secret, options)).payload;
    } else {
      const keySet = createRemoteJWKSet(new URL(config.jwksUrl));
      this.verifyJwt = async (token) => (await jwtVerify(token, keySet, options)).payload;
    }
  }

  /**
   * The identity a raw JWT proves.
   * @throws AuthError UNAUTHENTICATED when the token is malformed, expired, not yet
   *         valid, wrongly signed, for another issuer or audience, or has bad claims.
   */
  async verify(token: string): Promise<Identity> {
    let payload: JWTPayload;
    try {
      payload = await this.verifyJwt(token);
    } catch (error) {
      throw toAuthError(error);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      const issue = claims.error.issues[0];
      throw new AuthError(
        AuthErrorCode.UNAUTHENTICATED,
        `token claim "${issue.path.join('.')}" is invalid: ${issue.message}`,
      );
    }
    const { sub, roles, ambassadorId, email } = claims.data;
    return {
      subject: sub,
      roles,
      ...(ambassadorId !== undefined && { ambassadorId }),
      ...(email !== undefined && { email }),
    };
  }

  /**
   * The identity proven by an `Authorization: Bearer <jwt>` header value.
   * @throws AuthError UNAUTHENTICATED when the header is missing or not a Bearer token.
   */
  async verifyAuthorizationHeader(header: string | undefined): Promise<Identity> {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'missing or malformed "Authorization: Bearer" header');
    }
    return this.verify(match[1]);
  }
}

function toAuthError(error: unknown): Error {
  if (error instanceof errors.JWTExpired) {
    return new AuthError(AuthErrorCode.UNAUTHENTICATED, 'token expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthError(AuthErrorCode.UNAUTHENTICATED, `token claim "${error.claim}" is invalid: ${error.reason}`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new AuthError(AuthErrorCode.UNAUTHENTICATED, 'token signature is invalid');
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    // The identity provider is down or broken: our fault, not the caller's, so not a 401.
    return error;
  }
  if (error instanceof errors.JOSEError) {
    return new AuthError(AuthErrorCode.UNAUTHENTICATED, `token is invalid: ${error.message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
