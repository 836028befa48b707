import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('does return the first value the probe yields when it appears before the deadline', async () => {
    let calls = 0;
    const value = await waitFor(async () => (++calls >= 3 ? { status: 'PAID' } : undefined), {
      description: 'payout paid',
      timeoutMs: 1_000,
      intervalMs: 5,
    });

    expect(value).toEqual({ status: 'PAID' });
    expect(calls).toBe(3);
  });

  it('does throw naming what was awaited and the last error when the deadline passes', async () => {
    const waiting = waitFor(
      async (): Promise<boolean> => {
        throw new Error('relation "commissions" does not exist');
      },
      { description: 'commission in the ledger', timeoutMs: 50, intervalMs: 5 },
    );

    await expect(waiting).rejects.toThrow(
      'timed out after 50 ms waiting for commission in the ledger (last error: relation "commissions" does not exist)',
    );
  });

  it('does keep polling when the probe answers false', async () => {
    let calls = 0;

    await expect(
      waitFor(async () => ++calls > 1, { description: 'second poll', timeoutMs: 1_000, intervalMs: 5 }),
    ).resolves.toBe(true);
  });
});
