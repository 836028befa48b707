import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '../../..');

/** Runs recovery's main.ts with this environment until it exits, and answers what it printed. */
function boot(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/recovery/src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', AUTH_DEV_SIGNING_KEY: 'recovery-startup-test-key-of-decent-length', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`recovery did not stop on a bad setting; printed: ${output}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('recovery start-up', () => {
  it('stops with one line naming a bad Stripe secret key', async () => {
    const { code, output } = await boot({ STRIPE_SECRET_KEY: 'not-a-key' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/STRIPE_SECRET_KEY/);
    expect(output).not.toContain('not-a-key');
  });

  it('requires the Stripe settings in production', async () => {
    const { code, output } = await boot({ NODE_ENV: 'production', AUTH_DEV_SIGNING_KEY: '', AUTH_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/STRIPE_SECRET_KEY/);
  });
});
