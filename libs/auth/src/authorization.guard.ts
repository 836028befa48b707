import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError, AuthErrorCode } from './auth-error';
import { toGraphQLError, toHttpException } from './auth-error.mapping';
import { AUTHORIZATION_POLICY, AuthorizationPolicy } from './authorization.decorators';
import { identify } from './identity-store';
import { isReferenceResolver, requestOf, transportOf } from './request-of';
import { TokenVerifier } from './token-verifier';

/**
 * The global guard AuthModule installs. Default deny: a handler must declare
 * @Roles, @Authenticated or @Public (on itself or its class) or it is refused.
 *
 * Federation `@ResolveReference()` methods are the exception: without a decorator
 * they are allowed, because the gateway only asks for an entity after the field that
 * led to it passed its own check in the owning subgraph. A decorator on them is
 * honoured. (Nest only runs guards on @ResolveField/@ResolveReference when the
 * GraphQL module sets `fieldResolverEnhancers: ['guards']`.)
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  private readonly logger = new Logger(AuthorizationGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AuthorizationPolicy | undefined>(AUTHORIZATION_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    try {
      return await this.decide(context, policy);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      const transport = transportOf(context);
      if (transport === 'graphql') throw toGraphQLError(error);
      if (transport === 'http') throw toHttpException(error);
      throw error;
    }
  }

  private async decide(context: ExecutionContext, policy: AuthorizationPolicy | undefined): Promise<boolean> {
    if (!policy) {
      if (isReferenceResolver(context)) return true;
      this.logger.warn(
        `${context.getClass().name}.${context.getHandler().name} has no authorization decorator; refused`,
      );
      throw new AuthError(AuthErrorCode.FORBIDDEN, 'this operation declares no authorization policy');
    }
    const request = requestOf(context);
    if (policy.kind === 'public') {
      // Fill @CurrentIdentity when a good token came along; a bad one is ignored here.
      if (request?.headers.authorization) await identify(request, this.verifier).catch(() => undefined);
      return true;
    }
    if (!request) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'no request to read a token from');
    const identity = await identify(request, this.verifier);
    if (policy.kind === 'roles' && !policy.roles.some((role) => identity.roles.includes(role))) {
      throw new AuthError(AuthErrorCode.FORBIDDEN, `requires one of the roles: ${policy.roles.join(', ')}`);
    }
    return true;
  }
}
