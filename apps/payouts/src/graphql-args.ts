import { badUserInputError } from '@streetteam/platform';
import { isUuid } from '@streetteam/contracts';

/** An ID argument that must be a UUID (ambassadors, ledger transactions): BAD_USER_INPUT naming it, not a database error. */
export function uuidArgument(field: string, value: string): string {
  if (!isUuid(value)) throw badUserInputError([{ field, problems: [`${JSON.stringify(value.slice(0, 60))} is not a UUID`] }]);
  return value;
}
