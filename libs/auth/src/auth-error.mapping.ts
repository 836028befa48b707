import { ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { AuthError, AuthErrorCode } from './auth-error';

// Exhaustive on purpose: a new AuthErrorCode fails to compile until it is mapped here.
export function toGraphQLError(error: AuthError): GraphQLError {
  switch (error.code) {
    case AuthErrorCode.UNAUTHENTICATED:
    case AuthErrorCode.FORBIDDEN:
      // GraphQLError (not an HttpException) so Apollo and the gateway keep extensions.code.
      return new GraphQLError(error.message, { extensions: { code: error.code } });
  }
}

export function toHttpException(error: AuthError): HttpException {
  switch (error.code) {
    case AuthErrorCode.UNAUTHENTICATED:
      return new UnauthorizedException(error.message);
    case AuthErrorCode.FORBIDDEN:
      return new ForbiddenException(error.message);
  }
}
