import { SignJWT } from 'jose';
import { mintToken, Role } from '@streetteam/auth';
import { waitFor } from '@streetteam/testing';
import { ProgramSubgraph, startProgramSubgraph } from './support/program-subgraph';
import { RunningGateway, startGateway, TEST_SIGNING_KEY } from './support/start-gateway';

interface GraphQLResponse {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function ask(gateway: RunningGateway, query: string, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
}

function deepQuery(levels: number): string {
  return `{ program(id: "p1") { ${'parent { '.repeat(levels)}id${' }'.repeat(levels)} } }`;
}

describe('gateway over a real subgraph', () => {
  let subgraph: ProgramSubgraph;
  let gateway: RunningGateway;

  beforeAll(async () => {
    subgraph = await startProgramSubgraph();
    gateway = await startGateway(subgraph.url);
  });

  afterAll(async () => {
    await gateway?.stop();
    await subgraph?.stop();
  });

  beforeEach(() => {
    subgraph.seen.length = 0;
  });

  it('does answer an anonymous query when no Authorization header is sent', async () => {
    const response = await ask(gateway, '{ programs(first: 2) { id name } }');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { programs: [{ id: 'p1', name: 'Program 1' }, { id: 'p2', name: 'Program 2' }] } });
    expect(subgraph.seen).toHaveLength(1);
    expect(subgraph.seen[0].authorization).toBeUndefined();
  });

  it('does forward the token and the correlation id to the subgraph when the token is valid', async () => {
    const token = await mintToken({ subject: 'amb-1', roles: [Role.AMBASSADOR], ambassadorId: 'amb-1' }, TEST_SIGNING_KEY);
    const response = await ask(gateway, '{ program(id: "p7") { name } }', {
      authorization: `Bearer ${token}`,
      'x-correlation-id': 'portal-req-42',
    });
    expect(response.body).toEqual({ data: { program: { name: 'Program p7' } } });
    expect(response.headers.get('x-correlation-id')).toBe('portal-req-42');
    expect(subgraph.seen).toEqual([{ authorization: `Bearer ${token}`, correlationId: 'portal-req-42', forwardedFor: expect.stringMatching(/127\.0\.0\.1$/) }]);
  });

  it('does give the subgraph the correlation id it made up when the caller sent none', async () => {
    const response = await ask(gateway, '{ program(id: "p8") { id } }');
    const correlationId = response.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(subgraph.seen).toEqual([{ authorization: undefined, correlationId, forwardedFor: expect.stringMatching(/127\.0\.0\.1$/) }]);
  });

  it('does refuse with UNAUTHENTICATED before reaching any subgraph when the token is invalid', async () => {
    const forged = await mintToken({ subject: 'amb-1', roles: [Role.ADMIN] }, 'another-key-that-is-32-characters-long!!');
    for (const authorization of [`Bearer ${forged}`, 'Bearer not-a-jwt', 'Basic dXNlcjpwYXNz']) {
      const response = await ask(gateway, '{ programs { id } }', { authorization });
      expect(response.status).toBe(401);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(subgraph.seen).toEqual([]);
  });

  it('does refuse an expired token with a message saying so', async () => {
    // Signed like mintToken's tokens, two hours ago with a one-minute lifetime.
    const issuedAt = Math.floor(Date.now() / 1000) - 2 * 3600;
    const expired = await new SignJWT({ roles: [Role.AMBASSADOR] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('amb-1')
      .setIssuer('streetteam')
      .setAudience('streetteam')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 60)
      .sign(new TextEncoder().encode(TEST_SIGNING_KEY));
    const response = await ask(gateway, '{ programs { id } }', { authorization: `Bearer ${expired}` });
    expect(response.body.errors?.[0]).toMatchObject({
      message: 'Authorization refused: token expired',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('does refuse a query nested deeper than the limit with QUERY_TOO_COMPLEX', async () => {
    const allowed = await ask(gateway, deepQuery(8));
    expect(allowed.body.errors).toBeUndefined();
    subgraph.seen.length = 0;

    const response = await ask(gateway, deepQuery(12));
    expect(response.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(response.body.data).toBeUndefined();
    expect(subgraph.seen).toEqual([]);
  });

  it('does refuse a query costing more than the limit with QUERY_TOO_COMPLEX', async () => {
    const response = await ask(gateway, '{ programs(first: 500) { id name parent { id name } } }');
    expect(response.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(subgraph.seen).toEqual([]);
  });

  it('does hide a subgraph internal error behind a correlation id when a resolver fails', async () => {
    const response = await ask(gateway, '{ program(id: "broken") { id } }', { 'x-correlation-id': 'support-ticket-7' });
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('does not exist');
    expect(text).not.toContain('stacktrace');
    expect(response.body.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'support-ticket-7' },
    });
  });

  it('does pass a subgraph client error through with its code when the client can act on it', async () => {
    const response = await ask(gateway, '{ program(id: "missing") { id } }');
    expect(response.body.errors?.[0]).toMatchObject({ message: 'Program missing not found', extensions: { code: 'NOT_FOUND' } });
  });

  it('does report ready only while every subgraph is ready', async () => {
    const ready = await fetch(`${gateway.origin}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: [{ name: 'subgraph:enrollment', ok: true }] });

    subgraph.setReady(false);
    try {
      const notReady = await fetch(`${gateway.origin}/health/ready`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ status: 'unavailable', failing: [{ name: 'subgraph:enrollment', ok: false }] });
    } finally {
      subgraph.setReady(true);
    }
    expect((await fetch(`${gateway.origin}/health/live`)).status).toBe(200);
  });

  it('does count GraphQL operations in /metrics', async () => {
    await ask(gateway, 'query PortalPrograms { programs(first: 1) { id } }');
    const metrics = await waitFor(
      async () => {
        const text = await (await fetch(`${gateway.origin}/metrics`)).text();
        return text.includes('operation="PortalPrograms",outcome="ok"') ? text : undefined;
      },
      { description: 'the PortalPrograms operation in /metrics', timeoutMs: 5000 },
    );
    expect(metrics).toMatch(/streetteam_graphql_operations_total\{[^}]*operation="PortalPrograms",outcome="ok"[^}]*\} 1/);
  });

  it('does offer introspection and the Sandbox landing page when not in production', async () => {
    const response = await ask(gateway, '{ __schema { queryType { name } } }');
    expect(response.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const landing = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('<html');
  });
});

describe('gateway in production', () => {
  let subgraph: ProgramSubgraph;
  let gateway: RunningGateway;

  beforeAll(async () => {
    subgraph = await startProgramSubgraph();
    gateway = await startGateway(subgraph.url, { NODE_ENV: 'production' });
  });

  afterAll(async () => {
    await gateway?.stop();
    await subgraph?.stop();
  });

  it('does refuse introspection', async () => {
    const response = await ask(gateway, '{ __schema { types { name } } }');
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors?.[0].message).toMatch(/introspection is not allowed/i);
    expect(subgraph.seen).toEqual([]);
  });

  it('does serve no landing page', async () => {
    const landing = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(await landing.text()).not.toContain('<html');
  });

  it('does send no stack traces when a query fails', async () => {
    const response = await ask(gateway, '{ program(id: "broken") { id } }');
    expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|does not exist|enrollment\.programs/);
    expect(response.body.errors?.[0].message).toBe('Internal server error');
  });

  it('does still answer ordinary queries', async () => {
    const response = await ask(gateway, '{ program(id: "p1") { id name } }');
    expect(response.body).toEqual({ data: { program: { id: 'p1', name: 'Program p1' } } });
  });
});
