import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException, HttpStatus, LoggerService } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { currentCorrelation } from '../logging/correlation';
import { ClientErrorCode, isClientErrorCode, QUERY_TOO_COMPLEX } from './graphql-error-codes';

export type GraphQLErrorFormatter = (formattedError: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

const HTTP_STATUS_CODES: Partial<Record<number, ClientErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_USER_INPUT',
  [HttpStatus.UNPROCESSABLE_ENTITY]: 'BAD_USER_INPUT',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.CONFLICT]: 'CONFLICT',
};

// Never sent to clients: stack traces, wrapped exceptions, Nest's raw exception response.
const INTERNAL_EXTENSIONS = new Set(['stacktrace', 'exception', 'originalError']);

/**
 * Apollo `formatError`: errors a client can act on keep their message and code; anything
 * else becomes "Internal server error" with the correlation id, and its original is logged
 * once (the only place it is logged, so it is never logged twice). Stack traces never
 * leave in production.
 */
export function formatGraphQLError(production: boolean, logger?: LoggerService): GraphQLErrorFormatter {
  return (formattedError, error) => {
    const original = unwrapResolverError(error);
    const fromHttp = original instanceof HttpException ? fromHttpException(original) : undefined;
    const code = fromHttp?.code ?? clientCodeOf(formattedError, error);
    if (code === undefined) return internalError(formattedError, original, logger);
    const extensions: Record<string, unknown> = { ...formattedError.extensions, code };
    for (const key of INTERNAL_EXTENSIONS) {
      if (production || key !== 'stacktrace') delete extensions[key];
    }
    const formatted: GraphQLFormattedError = {
      message: fromHttp?.message ?? formattedError.message,
      extensions,
    };
    return withPosition(formatted, formattedError);
  };
}

function clientCodeOf(formattedError: GraphQLFormattedError, error: unknown): ClientErrorCode | undefined {
  const code = formattedError.extensions?.code;
  // Apollo re-labels every validation rule's error GRAPHQL_VALIDATION_FAILED; the depth and
  // cost rules' own code tells the client which limit it hit.
  if (code === 'GRAPHQL_VALIDATION_FAILED' && error instanceof GraphQLError) {
    const ruleError = error.originalError;
    if (ruleError instanceof GraphQLError && ruleError.extensions.code === QUERY_TOO_COMPLEX) return QUERY_TOO_COMPLEX;
  }
  return isClientErrorCode(code) ? code : undefined;
}

function fromHttpException(exception: HttpException): { code: ClientErrorCode; message: string } | undefined {
  const code = HTTP_STATUS_CODES[exception.getStatus()];
  if (code === undefined) return undefined;
  const response = exception.getResponse();
  // ValidationPipe's BadRequestException carries the class-validator messages
  // ("email must be an email") in response.message; its own message is a generic title.
  const detail = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : undefined;
  if (Array.isArray(detail) && detail.length > 0) return { code, message: detail.map(String).join('; ') };
  if (typeof detail === 'string' && detail.length > 0) return { code, message: detail };
  return { code, message: exception.message };
}

function internalError(formattedError: GraphQLFormattedError, original: unknown, logger: LoggerService | undefined): GraphQLFormattedError {
  const correlationId = currentCorrelation()?.correlationId;
  logger?.error(
    {
      msg: 'GraphQL request failed with an internal error',
      err: original instanceof Error ? original : new Error(String(original)),
      path: formattedError.path,
      code: formattedError.extensions?.code,
    },
    'GraphQL',
  );
  const extensions: Record<string, unknown> = { code: 'INTERNAL_SERVER_ERROR' };
  if (correlationId !== undefined) extensions.correlationId = correlationId;
  return withPosition({ message: 'Internal server error', extensions }, formattedError);
}

function withPosition(formatted: GraphQLFormattedError, source: GraphQLFormattedError): GraphQLFormattedError {
  return {
    message: formatted.message,
    ...(source.locations ? { locations: source.locations } : {}),
    ...(source.path ? { path: source.path } : {}),
    extensions: formatted.extensions,
  };
}
