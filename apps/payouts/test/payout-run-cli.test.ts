import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Role } from '@streetteam/auth';
import { CommissionService } from '../src/commissions/commission.service';
import { activateAmbassador, commission, earn, onboard, PayoutsTestApp, position, startPayoutsTestApp } from './support/payouts-test-app';

const run = promisify(execFile);

describe('npm run payout-run', () => {
  let app: PayoutsTestApp;

  beforeAll(async () => {
    app = await startPayoutsTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  const cli = async (token: string, ...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, '..', 'src', 'payout-runs', 'cli', 'payout-run-cli.ts'), ...args], {
        cwd: path.join(__dirname, '..', '..', '..'),
        env: { ...process.env, PAYOUTS_URL: app.webhookUrl.replace('/webhooks/stripe', '/graphql'), PAYOUTS_TOKEN: token },
      });
      return { code: 0, out: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: `${failed.stdout}${failed.stderr}` };
    }
  };

  it('creates, previews, approves as a second finance user, executes with a progress bar, and refuses others', async () => {
    const paid = await activateAmbassador(app, 'DE');
    await onboard(app, paid);
    await earn(app, commission(paid, 4200));
    const skipped = await activateAmbassador(app, 'DE');
    await earn(app, commission(skipped, 300));
    await app.service.app.get(CommissionService).releaseDue(new Date(Date.now() + 60 * 86_400_000));
    const alice = await app.service.token(Role.FINANCE, 'alice');
    const bob = await app.service.token(Role.FINANCE, 'bob');

    const created = await cli(alice, 'create', '--currency', 'USD', '--minimum', '1000');
    expect(created.code).toBe(0);
    const runId = /payout run ([0-9a-f-]{36})/.exec(created.out)![1];
    const preview = await cli(alice, 'preview', runId);
    expect(preview.out).toContain(`PAY  ${paid} 4200`);
    expect(preview.out).toMatch(new RegExp(`SKIP ${skipped} BELOW_MINIMUM`));
    const own = await cli(alice, 'approve', runId);
    expect(own.code).toBe(1);
    expect(own.out).toContain('FORBIDDEN');
    expect((await cli(bob, 'approve', runId)).out).toContain('APPROVED by finance-bob');
    const executed = await cli(alice, 'execute', runId);
    expect(executed.code).toBe(0);
    expect(executed.out).toMatch(/\[#+\] 100%  1\/1 done: 1 paid, 0 failed; 1 skipped/);
    expect(executed.out).toContain('COMPLETED: 1 paid (4200 USD)');
    expect(await position(app, paid)).toMatchObject({ paidOut: 4200 });
    expect((await cli(alice, 'status', runId)).out).toContain('COMPLETED');

    const ambassadorToken = await app.service.token(Role.AMBASSADOR, paid);
    const refused = await cli(ambassadorToken, 'create', '--currency', 'USD', '--minimum', '1');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('FORBIDDEN');
    const usage = await cli(alice, 'create', '--minimum', '1');
    expect(usage.out).toContain('--currency');
  });
});
