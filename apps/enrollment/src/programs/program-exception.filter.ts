import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { ProgramErrorCode, ProgramException } from './program.exception';

// Exhaustive: a new code without a GraphQL code here fails to compile.
const graphqlCodes: Record<ProgramErrorCode, string> = {
  [ProgramErrorCode.INVALID_NAME]: 'BAD_USER_INPUT',
  [ProgramErrorCode.UNSUPPORTED_CURRENCY]: 'BAD_USER_INPUT',
  [ProgramErrorCode.INVALID_GUARANTEE_WINDOW]: 'BAD_USER_INPUT',
  [ProgramErrorCode.INVALID_CURSOR]: 'BAD_USER_INPUT',
  [ProgramErrorCode.NAME_TAKEN]: 'CONFLICT',
  [ProgramErrorCode.NOT_FOUND]: 'NOT_FOUND',
};

@Catch(ProgramException)
export class ProgramExceptionFilter implements GqlExceptionFilter {
  catch(exception: ProgramException): GraphQLError {
    return new GraphQLError(exception.message, {
      extensions: { code: graphqlCodes[exception.code], reason: exception.code },
    });
  }
}
