import { parseArgs } from 'node:util';
import { MIN_DEV_SIGNING_KEY_LENGTH } from '../auth-config';
import { ALL_ROLES, isRole, Role } from '../role';
import { mintToken } from '../token-issuer';

export const MINT_TOKEN_USAGE =
  'usage: mint-token --role ROLE [--role ROLE ...] [--sub SUBJECT] [--ambassador-id ID] [--email EMAIL] [--ttl SECONDS]';

/** A problem the user can fix; printed as one line, without a stack. */
export class MintTokenUsageError extends Error {}

/**
 * Mints a dev token from command-line arguments, signed with AUTH_DEV_SIGNING_KEY and
 * carrying AUTH_ISSUER / AUTH_AUDIENCE (default "streetteam"), so it verifies in any
 * service running with the same environment.
 * @throws MintTokenUsageError for a missing key, an unknown role or a bad argument.
 */
export async function mintTokenFromCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const key = env.AUTH_DEV_SIGNING_KEY;
  if (!key) throw new MintTokenUsageError('AUTH_DEV_SIGNING_KEY is not set; export it (32+ characters) and retry');
  if (key.length < MIN_DEV_SIGNING_KEY_LENGTH) {
    throw new MintTokenUsageError(`AUTH_DEV_SIGNING_KEY must be at least ${MIN_DEV_SIGNING_KEY_LENGTH} characters`);
  }
  const { values } = parseCliArgs(argv);
  const roleNames = (values.role ?? []).flatMap((value) => value.split(',')).map((value) => value.trim());
  if (roleNames.length === 0) throw new MintTokenUsageError(`--role is required. ${MINT_TOKEN_USAGE}`);
  const roles: Role[] = roleNames.map((name) => {
    const upper = name.toUpperCase();
    if (!isRole(upper)) {
      throw new MintTokenUsageError(`unknown role "${name}"; valid roles: ${ALL_ROLES.join(', ')}`);
    }
    return upper;
  });
  const ttlSeconds = values.ttl === undefined ? 3600 : Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new MintTokenUsageError(`--ttl must be a positive whole number of seconds, got "${values.ttl}"`);
  }
  const ambassadorId = values['ambassador-id'];
  return mintToken(
    {
      subject: values.sub ?? (ambassadorId ? `ambassador:${ambassadorId}` : `dev:${roles[0].toLowerCase()}`),
      roles,
      ambassadorId,
      email: values.email,
      ttlSeconds,
    },
    key,
    { issuer: env.AUTH_ISSUER || undefined, audience: env.AUTH_AUDIENCE || undefined },
  );
}

function parseCliArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        role: { type: 'string', multiple: true },
        sub: { type: 'string' },
        'ambassador-id': { type: 'string' },
        email: { type: 'string' },
        ttl: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new MintTokenUsageError(`${error instanceof Error ? error.message : String(error)}. ${MINT_TOKEN_USAGE}`);
  }
}
