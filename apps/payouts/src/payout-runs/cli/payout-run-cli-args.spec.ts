import { CliUsageError, parsePayoutRunArgs, progressLine } from './payout-run-cli-args';

describe('payout-run CLI', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const id = '5b0a0560-d8a0-4416-9b9b-e6d64e442c81';

  it('reads create with its flags, the cut-off defaulting to now', () => {
    expect(parsePayoutRunArgs(['create', '--currency', 'usd', '--minimum', '1000'], now)).toEqual({ command: 'create', currency: 'USD', minimumMinor: 1000, cutoffAt: now.toISOString() });
  });

  it('names what is wrong', () => {
    expect(() => parsePayoutRunArgs(['create', '--minimum', '10'], now)).toThrow(/--currency/);
    expect(() => parsePayoutRunArgs(['create', '--currency', 'USD', '--minimum', '-1'], now)).toThrow(/--minimum/);
    expect(() => parsePayoutRunArgs(['create', '--currency', 'USD', '--cutoff', 'soon'], now)).toThrow(/--cutoff/);
    expect(() => parsePayoutRunArgs(['execute', 'abc'], now)).toThrow(CliUsageError);
    expect(() => parsePayoutRunArgs(['pay'], now)).toThrow(/unknown command/);
  });

  it('reads the run commands', () => {
    for (const command of ['preview', 'approve', 'execute', 'status', 'retry']) expect(parsePayoutRunArgs([command, id], now)).toEqual({ command, runId: id });
  });

  it('draws the progress bar', () => {
    expect(progressLine({ total: 4, paid: 1, failed: 1, skipped: 3 }, 10)).toBe('[#####-----]  50%  2/4 done: 1 paid, 1 failed; 3 skipped');
    expect(progressLine({ total: 0, paid: 0, failed: 0, skipped: 0 }, 4)).toBe('[####] 100%  0/0 done: 0 paid, 0 failed; 0 skipped');
  });
});
