import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Identity } from './identity';
import { identityOf } from './identity-store';
import { requestOf } from './request-of';

/**
 * The verified Identity of the caller, for GraphQL resolvers and HTTP handlers.
 * Always set under @Roles and @Authenticated; under @Public it is undefined unless
 * a valid token came along, so type the parameter `Identity | undefined` there.
 */
export const CurrentIdentity = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Identity | undefined => {
    const request = requestOf(context);
    return request ? identityOf(request) : undefined;
  },
);
