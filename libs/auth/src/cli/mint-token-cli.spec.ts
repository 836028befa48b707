import { AuthErrorCode } from '../auth-error';
import { Role } from '../role';
import { TokenVerifier } from '../token-verifier';
import { mintTokenFromCli, MintTokenUsageError } from './mint-token-cli';

const env = { AUTH_DEV_SIGNING_KEY: 'cli-signing-key-0123456789abcdefghij' };
const verifier = new TokenVerifier({
  mode: 'dev',
  devSigningKey: env.AUTH_DEV_SIGNING_KEY,
  issuer: 'streetteam',
  audience: 'streetteam',
  clockToleranceSeconds: 0,
});

describe('mintTokenFromCli', () => {
  it('mints a token the verifier accepts when given a role', async () => {
    const token = await mintTokenFromCli(['--role', 'FINANCE', '--sub', 'fin-1'], env);
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'fin-1', roles: [Role.FINANCE] });
  });

  it('carries several roles and an ambassador id when asked', async () => {
    const token = await mintTokenFromCli(
      ['--role', 'ambassador,support_agent', '--role', 'ADMIN', '--ambassador-id', 'amb-9'],
      env,
    );
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'ambassador:amb-9',
      roles: [Role.AMBASSADOR, Role.SUPPORT_AGENT, Role.ADMIN],
      ambassadorId: 'amb-9',
    });
  });

  it('signs for the configured audience when AUTH_AUDIENCE is set', async () => {
    const token = await mintTokenFromCli(['--role', 'ADMIN'], { ...env, AUTH_AUDIENCE: 'other' });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: AuthErrorCode.UNAUTHENTICATED });
  });

  it('refuses with one line when AUTH_DEV_SIGNING_KEY is unset', async () => {
    await expect(mintTokenFromCli(['--role', 'ADMIN'], {})).rejects.toThrow(
      new MintTokenUsageError('AUTH_DEV_SIGNING_KEY is not set; export it (32+ characters) and retry'),
    );
  });

  it('lists the valid roles when a role is unknown', async () => {
    await expect(mintTokenFromCli(['--role', 'ROOT'], env)).rejects.toThrow(
      'unknown role "ROOT"; valid roles: AMBASSADOR, MARKETING_OPS, FINANCE, SUPPORT_AGENT, SUPPORT_SUPERVISOR, ADMIN',
    );
  });

  it.each([[[]], [['--role', 'ADMIN', '--ttl', '0']], [['--role', 'ADMIN', '--nope']]])(
    'refuses with usage when the arguments are %p',
    async (argv) => {
      await expect(mintTokenFromCli(argv, env)).rejects.toBeInstanceOf(MintTokenUsageError);
    },
  );
});
