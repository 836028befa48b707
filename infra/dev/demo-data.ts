export const DEMO_PROGRAM = { name: 'Demo street team', currency: 'USD', guaranteeWindowDays: 30 } as const;

interface GraphQLResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

class GraphQLCallError extends Error {
  constructor(readonly codes: Array<string | undefined>, message: string) {
    super(message);
  }
}

/**
 * Makes sure the demo program exists, through the gateway as marketing ops would:
 * created once, found on every later start. Returns what it did.
 */
export async function ensureDemoProgram(gatewayUrl: string, token: string): Promise<'created' | 'already there'> {
  const call = <T>(query: string, variables: Record<string, unknown> = {}) => graphql<T>(gatewayUrl, token, query, variables);

  let after: string | null = null;
  do {
    const { programs }: ProgramPage = await call<ProgramPage>(
      'query DemoPrograms($after: String) { programs(first: 100, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    if (programs.edges.some(({ node }) => node.name === DEMO_PROGRAM.name)) return 'already there';
    after = programs.pageInfo.hasNextPage ? programs.pageInfo.endCursor : null;
  } while (after);

  try {
    await call('mutation CreateDemoProgram($input: CreateProgramInput!) { createProgram(input: $input) { id } }', {
      input: DEMO_PROGRAM,
    });
    return 'created';
  } catch (error) {
    // Another launcher on the same database created it since we looked.
    if (error instanceof GraphQLCallError && error.codes.includes('CONFLICT')) return 'already there';
    throw error;
  }
}

interface ProgramPage {
  programs: { edges: Array<{ node: { name: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

async function graphql<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  if (body.errors?.length || !body.data) {
    const errors = body.errors ?? [];
    const message = errors.map((error) => `${error.extensions?.code ?? 'ERROR'}: ${error.message}`).join('; ');
    throw new GraphQLCallError(
      errors.map((error) => error.extensions?.code),
      message || `HTTP ${response.status} without data`,
    );
  }
  return body.data;
}
