import { Catch, Type } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { ClientErrorCode } from './graphql-error-codes';

/** A feature's exception: a code from its enum, a message naming the field and problem, optional facts. */
export interface CodedException<C extends string> extends Error {
  readonly code: C;
  readonly details?: Record<string, unknown>;
}

/** What each feature's exception extends: `class AccountException extends FeatureException<AccountErrorCode> {}`. */
export class FeatureException<C extends string> extends Error implements CodedException<C> {
  constructor(
    readonly code: C,
    message: string,
    /** Facts a client may act on, e.g. when a lock-out ends. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The GraphQL exception filter of one feature. `codes` must map every code of the
 * feature's enum (a new code without a GraphQL code fails to compile); the feature's
 * own code travels as `extensions.reason`, its details beside it.
 */
export function graphqlExceptionFilter<C extends string>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  exception: abstract new (...args: any[]) => CodedException<C>,
  codes: Record<C, ClientErrorCode>,
): Type<GqlExceptionFilter> {
  @Catch(exception)
  class FeatureExceptionFilter implements GqlExceptionFilter {
    catch(error: CodedException<C>): GraphQLError {
      return new GraphQLError(error.message, {
        extensions: { code: codes[error.code], reason: error.code, ...error.details },
      });
    }
  }
  Object.defineProperty(FeatureExceptionFilter, 'name', { value: `${exception.name}Filter` });
  return FeatureExceptionFilter;
}
