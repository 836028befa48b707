import { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, RESOLVER_REFERENCE_METADATA } from '@nestjs/graphql';
import { IncomingHttpHeaders } from 'http';

/** The part of an HTTP request (Express or the GraphQL context's `req`) auth needs. */
export interface AuthRequest {
  headers: IncomingHttpHeaders;
}

export type AuthTransport = 'graphql' | 'http' | 'other';

export function transportOf(context: ExecutionContext): AuthTransport {
  const type = context.getType<string>();
  return type === 'graphql' || type === 'http' ? type : 'other';
}

/** True for a federation `@ResolveReference()` method (called for `_entities`). */
export function isReferenceResolver(context: ExecutionContext): boolean {
  return Reflect.getMetadata(RESOLVER_REFERENCE_METADATA, context.getHandler()) === true;
}

/** The request behind a GraphQL operation or an HTTP call, if there is one. */
export function requestOf(context: ExecutionContext): AuthRequest | undefined {
  switch (transportOf(context)) {
    case 'http':
      return asRequest(context.switchToHttp().getRequest<unknown>());
    case 'graphql':
      // __resolveReference is called as (reference, context, info), not the usual
      // (root, args, context, info), so the GraphQL context sits one place earlier.
      return isReferenceResolver(context)
        ? asRequest(readReq(context.getArgByIndex<unknown>(1)))
        : asRequest(readReq(GqlExecutionContext.create(context).getContext<unknown>()));
    default:
      return undefined;
  }
}

function readReq(gqlContext: unknown): unknown {
  return typeof gqlContext === 'object' && gqlContext !== null && 'req' in gqlContext ? gqlContext.req : undefined;
}

function asRequest(value: unknown): AuthRequest | undefined {
  return typeof value === 'object' && value !== null && 'headers' in value ? (value as AuthRequest) : undefined;
}
