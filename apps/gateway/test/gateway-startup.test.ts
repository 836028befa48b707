import { spawn } from 'node:child_process';
import { repoRoot } from '@streetteam/local-infra';
import { TEST_SIGNING_KEY } from './support/start-gateway';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real main.ts as an operator would, with only the given environment. */
function startGatewayProcess(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/gateway/src/main.ts'], {
      cwd: repoRoot(),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A gateway that started would listen forever: that is a failure here, not a hang.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('gateway start-up', () => {
  it('does stop with one line naming GATEWAY_PORT when it is not a number', async () => {
    const exit = await startGatewayProcess({ AUTH_DEV_SIGNING_KEY: TEST_SIGNING_KEY, GATEWAY_PORT: 'abc' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toBe('Invalid configuration: GATEWAY_PORT must be an integer (got "abc")\n');
    expect(exit.stdout).toBe('');
  });

  it('does name every bad variable on the same line when several are wrong', async () => {
    const exit = await startGatewayProcess({ ENROLLMENT_URL: 'ftp://127.0.0.1/graphql', NODE_ENV: 'staging' });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trimEnd().split('\n')).toEqual([
      'Invalid configuration: NODE_ENV must be one of development, test, production (got "staging"); ' +
        'ENROLLMENT_URL must be a http or https URL (got "ftp://127.0.0.1/graphql"); ' +
        'set AUTH_JWKS_URL (JWKS) or AUTH_DEV_SIGNING_KEY (dev HS256)',
    ]);
  });

  it('does stop with one line naming SUPERGRAPH_FILE when the supergraph has not been composed', async () => {
    const exit = await startGatewayProcess({ AUTH_DEV_SIGNING_KEY: TEST_SIGNING_KEY, SUPERGRAPH_FILE: 'no/such/supergraph.graphql' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toBe(
      'Invalid configuration: SUPERGRAPH_FILE cannot be read (got "no/such/supergraph.graphql"); run npm run supergraph\n',
    );
  });
});
