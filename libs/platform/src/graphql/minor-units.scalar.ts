import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DESCRIPTION =
  'An amount of money in integer minor units of its currency (cents for USD), negative where a change or a difference can be. A JSON number, always a whole one, at most 2^53 − 1 either way, so no client ever rounds it.';

function refuse(value: unknown): never {
  throw new GraphQLError(`MinorUnits must be a whole number of minor units (cents) no larger than ${Number.MAX_SAFE_INTEGER} either way, got ${JSON.stringify(String(value).slice(0, 40))}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** A whole amount from what a resolver returns: a number, a bigint, or Postgres's text for a bigint or numeric sum. */
function fromOutput(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  if (typeof value === 'string' && /^-?\d{1,16}$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  // An amount that can't be given exactly is an error, never a rounded figure.
  throw new GraphQLError(`an amount in minor units is not a safe whole number: ${JSON.stringify(String(value).slice(0, 40))}`);
}

function fromInput(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return refuse(value);
}

/**
 * MinorUnits: every amount of money in the public API. GraphQL's Int stops at 2^31 − 1
 * (21 million dollars in cents, which a program's total sales pass), and a Float lets a
 * client send 10.5 cents; this takes and gives whole numbers only, up to 2^53 − 1.
 */
export const MinorUnits = new GraphQLScalarType<number, number>({
  name: 'MinorUnits',
  description: DESCRIPTION,
  serialize: fromOutput,
  parseValue: fromInput,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) return refuse('value' in ast ? ast.value : ast.kind);
    return fromInput(Number(ast.value));
  },
});
