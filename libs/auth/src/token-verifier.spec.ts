import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { AuthConfig } from './auth-config';
import { AuthError, AuthErrorCode } from './auth-error';
import { Role } from './role';
import { mintToken } from './token-issuer';
import { TokenVerifier } from './token-verifier';

const KEY = 'dev-signing-key-for-unit-tests-0123456789';
const devConfig: AuthConfig = {
  mode: 'dev',
  devSigningKey: KEY,
  issuer: 'streetteam',
  audience: 'streetteam',
  clockToleranceSeconds: 5,
};
const now = () => Math.floor(Date.now() / 1000);

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof AuthError) return error;
  throw new Error(`expected an AuthError, got ${String(error)}`);
}

function hs256(claims: Record<string, unknown>, key = KEY) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(key));
}

describe('TokenVerifier in dev mode', () => {
  const verifier = new TokenVerifier(devConfig);

  it('returns the identity when the token is valid', async () => {
    const token = await mintToken(
      { subject: 'acct-1', roles: [Role.AMBASSADOR], ambassadorId: 'amb-1', email: 'a@example.com' },
      KEY,
    );
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'acct-1',
      roles: [Role.AMBASSADOR],
      ambassadorId: 'amb-1',
      email: 'a@example.com',
    });
  });

  it('reads the token from a Bearer header', async () => {
    const token = await mintToken({ subject: 'fin-1', roles: [Role.FINANCE] }, KEY);
    await expect(verifier.verifyAuthorizationHeader(`Bearer ${token}`)).resolves.toEqual({
      subject: 'fin-1',
      roles: [Role.FINANCE],
    });
  });

  it.each([undefined, '', 'Basic abc', 'Bearer', 'Bearer a b'])(
    'rejects as UNAUTHENTICATED when the header is %p',
    async (header) => {
      expect((await rejection(verifier.verifyAuthorizationHeader(header))).code).toBe(AuthErrorCode.UNAUTHENTICATED);
    },
  );

  it('rejects as UNAUTHENTICATED when the token has expired', async () => {
    const token = await hs256({ sub: 'x', roles: [], iss: 'streetteam', aud: 'streetteam', exp: now() - 60 });
    const error = await rejection(verifier.verify(token));
    expect(error.code).toBe(AuthErrorCode.UNAUTHENTICATED);
    expect(error.message).toBe('token expired');
  });

  it('accepts a token expired by less than the clock tolerance', async () => {
    const token = await hs256({ sub: 'x', roles: [], iss: 'streetteam', aud: 'streetteam', exp: now() - 2 });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'x', roles: [] });
  });

  it('rejects when the signature was made with another key', async () => {
    const token = await mintToken({ subject: 'x', roles: [Role.ADMIN] }, 'another-signing-key-that-is-long-enough');
    expect((await rejection(verifier.verify(token))).message).toBe('token signature is invalid');
  });

  it('rejects when the audience is wrong', async () => {
    const token = await mintToken({ subject: 'x', roles: [Role.ADMIN] }, KEY, { audience: 'someone-else' });
    expect((await rejection(verifier.verify(token))).message).toMatch(/"aud"/);
  });

  it('rejects when the issuer is wrong', async () => {
    const token = await mintToken({ subject: 'x', roles: [Role.ADMIN] }, KEY, { issuer: 'evil' });
    expect((await rejection(verifier.verify(token))).message).toMatch(/"iss"/);
  });

  it('rejects when a role claim is unknown', async () => {
    const token = await hs256({ sub: 'x', roles: ['ROOT'], iss: 'streetteam', aud: 'streetteam', exp: now() + 60 });
    const error = await rejection(verifier.verify(token));
    expect(error.code).toBe(AuthErrorCode.UNAUTHENTICATED);
    expect(error.message).toMatch(/roles/);
  });

  it('rejects when the token has no expiry', async () => {
    const token = await hs256({ sub: 'x', roles: [], iss: 'streetteam', aud: 'streetteam' });
    expect((await rejection(verifier.verify(token))).code).toBe(AuthErrorCode.UNAUTHENTICATED);
  });

  it('rejects when the roles claim is missing', async () => {
    const token = await hs256({ sub: 'x', iss: 'streetteam', aud: 'streetteam', exp: now() + 60 });
    expect((await rejection(verifier.verify(token))).message).toMatch(/roles/);
  });

  it('rejects an unsigned token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ sub: 'x', roles: ['ADMIN'], iss: 'streetteam', aud: 'streetteam', exp: now() + 60 }),
    ).toString('base64url');
    expect((await rejection(verifier.verify(`${header}.${body}.`))).code).toBe(AuthErrorCode.UNAUTHENTICATED);
  });

  it('rejects garbage', async () => {
    expect((await rejection(verifier.verify('not.a.jwt'))).code).toBe(AuthErrorCode.UNAUTHENTICATED);
  });
});

describe('TokenVerifier in JWKS mode', () => {
  let server: Server;
  let verifier: TokenVerifier;
  let rsa: { privateKey: KeyLike; publicJwk: JWK };
  let ec: { privateKey: KeyLike; publicJwk: JWK };

  async function keyPair(alg: 'RS256' | 'ES256', kid: string) {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
  }

  function sign(alg: 'RS256' | 'ES256', kid: string, key: KeyLike, claims: Record<string, unknown> = {}) {
    return new SignJWT({ roles: [Role.SUPPORT_AGENT], ...claims })
      .setProtectedHeader({ alg, kid })
      .setSubject('agent-7')
      .setIssuer('https://id.streetteam.test/')
      .setAudience('streetteam')
      .setExpirationTime(now() + 300)
      .sign(key);
  }

  beforeAll(async () => {
    rsa = await keyPair('RS256', 'rsa-1');
    ec = await keyPair('ES256', 'ec-1');
    const body = JSON.stringify({ keys: [rsa.publicJwk, ec.publicJwk] });
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    verifier = new TokenVerifier({
      mode: 'jwks',
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      issuer: 'https://id.streetteam.test/',
      audience: 'streetteam',
      clockToleranceSeconds: 5,
    });
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('accepts an RS256 token signed by a key in the set', async () => {
    const token = await sign('RS256', 'rsa-1', rsa.privateKey);
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'agent-7', roles: [Role.SUPPORT_AGENT] });
  });

  it('accepts an ES256 token signed by a key in the set', async () => {
    const token = await sign('ES256', 'ec-1', ec.privateKey, { email: 'agent@example.com' });
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'agent-7',
      roles: [Role.SUPPORT_AGENT],
      email: 'agent@example.com',
    });
  });

  it('rejects when the token claims a listed kid but was signed by another key', async () => {
    const stranger = await generateKeyPair('RS256');
    const token = await sign('RS256', 'rsa-1', stranger.privateKey);
    expect((await rejection(verifier.verify(token))).message).toBe('token signature is invalid');
  });

  it('rejects an HS256 token when the verifier is in JWKS mode', async () => {
    const token = await mintToken({ subject: 'x', roles: [Role.ADMIN] }, KEY, {
      issuer: 'https://id.streetteam.test/',
    });
    expect((await rejection(verifier.verify(token))).code).toBe(AuthErrorCode.UNAUTHENTICATED);
  });
});
