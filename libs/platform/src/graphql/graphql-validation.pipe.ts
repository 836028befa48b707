import { ArgumentMetadata, BadRequestException, Injectable, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { GraphQLError } from 'graphql';

/** One invalid input field: its path (`address.city`, `items.0.quantity`) and what is wrong. */
export interface FieldProblems {
  field: string;
  problems: string[];
}

/** Flattens class-validator errors, nested objects and arrays included, into field paths. */
export function fieldProblemsOf(errors: readonly ValidationError[], parent = ''): FieldProblems[] {
  const flat: FieldProblems[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const problems = Object.values(error.constraints ?? {});
    if (problems.length > 0) flat.push({ field, problems });
    if (error.children && error.children.length > 0) flat.push(...fieldProblemsOf(error.children, field));
  }
  return flat;
}

/** The BAD_USER_INPUT error for invalid input: message `field: problem; …`, extensions.fields. */
export function badUserInputError(fields: FieldProblems[]): GraphQLError {
  const message = fields.flatMap(({ field, problems }) => problems.map((problem) => `${field}: ${problem}`)).join('; ');
  return new GraphQLError(message || 'Invalid input', { extensions: { code: 'BAD_USER_INPUT', fields } });
}

const HTTP_ARGUMENT_TYPES = new Set<ArgumentMetadata['type']>(['body', 'query', 'param']);

/**
 * The global validation pipe: whitelist, forbidUnknownValues, transform. An invalid
 * GraphQL argument fails with BAD_USER_INPUT naming each field and problem; an invalid
 * HTTP body, query or param (webhooks) fails with 400 and the same fields, so one global
 * pipe serves both.
 */
@Injectable()
export class GraphQLValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions = {}) {
    super({
      whitelist: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: (errors: ValidationError[]) => badUserInputError(fieldProblemsOf(errors)),
      ...options,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof GraphQLError && HTTP_ARGUMENT_TYPES.has(metadata.type)) {
        throw new BadRequestException({ statusCode: 400, message: error.message, fields: error.extensions.fields });
      }
      throw error;
    }
  }
}
