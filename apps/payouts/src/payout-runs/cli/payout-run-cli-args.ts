import { isUuid } from '@streetteam/contracts';

// The payout-run CLI's pure parts: arguments and the progress bar.

export type CliCommand =
  | { command: 'create'; currency: string; minimumMinor: number; cutoffAt: string }
  | { command: 'preview' | 'approve' | 'execute' | 'status' | 'retry'; runId: string };

export const PAYOUT_RUN_USAGE = `usage: npm run payout-run -- <command>
  create --currency USD --minimum 1000 [--cutoff 2026-12-01T00:00:00Z]   a new run (cut-off: now)
  preview <runId>     who would be paid what, who is skipped and why
  approve <runId>     approve (a second finance user: not the creator)
  execute <runId>     execute or resume, with a progress bar; lists failures
  status <runId>      progress and failures
  retry <runId>       send the failed payouts again
env: PAYOUTS_TOKEN (a FINANCE or ADMIN token, required), PAYOUTS_URL (default http://127.0.0.1:4003/graphql)`;

export class CliUsageError extends Error {}

export function parsePayoutRunArgs(argv: string[], now: Date = new Date()): CliCommand {
  const [command, ...rest] = argv;
  if (command === 'create') {
    const flags = new Map<string, string>();
    for (let i = 0; i < rest.length; i += 2) {
      if (!rest[i].startsWith('--') || rest[i + 1] === undefined) throw new CliUsageError(`create: expected --flag value pairs, got "${rest[i]}"`);
      flags.set(rest[i].slice(2), rest[i + 1]);
    }
    const currency = flags.get('currency')?.toUpperCase();
    if (!currency || !/^[A-Z]{3}$/.test(currency)) throw new CliUsageError('--currency: an ISO 4217 code such as USD is required');
    const minimum = Number(flags.get('minimum') ?? '0');
    if (!Number.isSafeInteger(minimum) || minimum < 0) throw new CliUsageError('--minimum: a whole number of minor units, 0 or more');
    const cutoff = flags.get('cutoff') ?? now.toISOString();
    if (Number.isNaN(Date.parse(cutoff))) throw new CliUsageError(`--cutoff: "${cutoff}" is not a date`);
    return { command, currency, minimumMinor: minimum, cutoffAt: new Date(cutoff).toISOString() };
  }
  if (command === 'preview' || command === 'approve' || command === 'execute' || command === 'status' || command === 'retry') {
    const runId = rest[0];
    if (!runId || !isUuid(runId)) throw new CliUsageError(`${command}: a payout run id is required`);
    return { command, runId };
  }
  throw new CliUsageError(command ? `unknown command "${command}"` : 'a command is required');
}

/** `[##########----------]  50%  120/240 paid, 2 failed, 15 skipped` */
export function progressLine(p: { total: number; paid: number; failed: number; skipped: number }, width = 30): string {
  const done = p.paid + p.failed;
  const share = p.total === 0 ? 1 : done / p.total;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${done}/${p.total} done: ${p.paid} paid, ${p.failed} failed; ${p.skipped} skipped`;
}
