import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { AuthError } from './auth-error';
import { toGraphQLError, toHttpException } from './auth-error.mapping';

interface JsonResponse {
  status(code: number): JsonResponse;
  json(body: unknown): unknown;
}

/**
 * Turns an AuthError thrown inside a handler or service (assertSelfOrRole) into
 * the transport's error: a GraphQL error with extensions.code, or a 401/403.
 */
@Catch(AuthError)
export class AuthErrorFilter implements ExceptionFilter<AuthError> {
  catch(error: AuthError, host: ArgumentsHost): GraphQLError | void {
    const type = host.getType<string>();
    if (type === 'graphql') return toGraphQLError(error);
    if (type !== 'http') throw error;
    const exception = toHttpException(error);
    host.switchToHttp().getResponse<JsonResponse>().status(exception.getStatus()).json(exception.getResponse());
  }
}
