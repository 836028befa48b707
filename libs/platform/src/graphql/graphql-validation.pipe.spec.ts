import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsNotEmpty, Min, ValidateNested } from 'class-validator';
import { GraphQLError } from 'graphql';
import { GraphQLValidationPipe } from './graphql-validation.pipe';

class AddressInput {
  @IsNotEmpty()
  city!: string;
}

class ApplicationInput {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(18)
  age!: number;

  @ValidateNested()
  @Type(() => AddressInput)
  address!: AddressInput;
}

// Nest GraphQL hands pipes the numeric GqlParamtype (ARGS = 3), outside Nest's HTTP union.
const graphqlArgs: ArgumentMetadata = { type: 3 as unknown as ArgumentMetadata['type'], metatype: ApplicationInput, data: 'input' };

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('GraphQLValidationPipe', () => {
  const pipe = new GraphQLValidationPipe();

  it('does return a class instance without unknown properties when the input is valid', async () => {
    const value = await pipe.transform({ email: 'ana@example.com', age: 30, address: { city: 'Lisbon' }, isAdmin: true }, graphqlArgs);
    expect(value).toBeInstanceOf(ApplicationInput);
    expect(value).toEqual({ email: 'ana@example.com', age: 30, address: { city: 'Lisbon' } });
  });

  it('does fail with BAD_USER_INPUT listing each field and problem, nested ones by path', async () => {
    const error = await rejectionOf(pipe.transform({ email: 'nope', age: 12, address: { city: '' } }, graphqlArgs));
    expect(error).toBeInstanceOf(GraphQLError);
    const graphqlError = error as GraphQLError;
    expect(graphqlError.message).toBe(
      'email: email must be an email; age: age must not be less than 18; address.city: city should not be empty',
    );
    expect(graphqlError.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'email', problems: ['email must be an email'] },
        { field: 'age', problems: ['age must not be less than 18'] },
        { field: 'address.city', problems: ['city should not be empty'] },
      ],
    });
  });

  it('does fail with a 400 carrying the same fields when the input is an HTTP body', async () => {
    const error = await rejectionOf(pipe.transform({ email: 'nope', age: 20, address: { city: 'Porto' } }, { ...graphqlArgs, type: 'body' }));
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toEqual({
      statusCode: 400,
      message: 'email: email must be an email',
      fields: [{ field: 'email', problems: ['email must be an email'] }],
    });
  });
});
