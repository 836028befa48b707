import { badUserInputError } from '@streetteam/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An ID argument that must be a UUID (ambassadors, ledger transactions): BAD_USER_INPUT naming it, not a database error. */
export function uuidArgument(field: string, value: string): string {
  if (!UUID.test(value)) throw badUserInputError([{ field, problems: [`${JSON.stringify(value.slice(0, 60))} is not a UUID`] }]);
  return value;
}
