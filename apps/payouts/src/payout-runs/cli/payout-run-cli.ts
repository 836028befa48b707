/**
 * npm run payout-run -- <create|preview|approve|execute|status|retry> …
 * A thin client of the payouts GraphQL API (PAYOUTS_URL) with a finance token (PAYOUTS_TOKEN):
 * the same checks apply as in the portal (finance only, a second approver).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CliCommand, CliUsageError, PAYOUT_RUN_USAGE, parsePayoutRunArgs, progressLine } from './payout-run-cli-args';

const RUN_FIELDS = `id status currency minimumMinor cutoffAt createdBy approvedBy
  progress { total pending sending paid failed skipped paidMinor }`;

interface Progress {
  total: number;
  pending: number;
  sending: number;
  paid: number;
  failed: number;
  skipped: number;
  paidMinor: number;
}
interface Run {
  id: string;
  status: string;
  currency: string;
  progress: Progress;
}

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const url = process.env.PAYOUTS_URL ?? 'http://127.0.0.1:4003/graphql';
  const token = process.env.PAYOUTS_TOKEN;
  if (!token) throw new CliUsageError('PAYOUTS_TOKEN: a FINANCE or ADMIN token is required (npm run -s token -- --role FINANCE)');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'));
  return body.data as T;
}

const print = (line = '') => process.stdout.write(`${line}\n`);

async function failures(runId: string): Promise<void> {
  const data = await graphql<{ payoutRun: { payouts: Array<{ id: string; ambassadorId: string; amountMinor: number; failureCode: string; failureMessage: string; retryable: boolean }> } }>(
    `query ($id: ID!) { payoutRun(id: $id) { payouts(status: "FAILED") { id ambassadorId amountMinor failureCode failureMessage retryable } } }`,
    { id: runId },
  );
  for (const p of data.payoutRun.payouts) {
    print(`  FAILED ${p.id} ambassador ${p.ambassadorId} ${p.amountMinor}: ${p.failureCode}: ${p.failureMessage} (${p.retryable ? 'retryable as is' : 'fix, then retry'})`);
  }
}

async function follow(runId: string): Promise<Run> {
  const tty = process.stdout.isTTY;
  for (;;) {
    const { payoutRun } = await graphql<{ payoutRun: Run }>(`query ($id: ID!) { payoutRun(id: $id) { ${RUN_FIELDS} } }`, { id: runId });
    const line = `${progressLine(payoutRun.progress)}  ${payoutRun.status}`;
    if (tty) process.stdout.write(`\r${line}`);
    else print(line);
    if (payoutRun.status.startsWith('COMPLETED')) {
      if (tty) print();
      return payoutRun;
    }
    await sleep(500);
  }
}

async function run(command: CliCommand): Promise<void> {
  switch (command.command) {
    case 'create': {
      const { createPayoutRun } = await graphql<{ createPayoutRun: Run }>(
        `mutation ($input: CreatePayoutRunInput!) { createPayoutRun(input: $input) { ${RUN_FIELDS} } }`,
        { input: { currency: command.currency, minimumMinor: command.minimumMinor, cutoffAt: command.cutoffAt } },
      );
      print(`created payout run ${createPayoutRun.id} (${createPayoutRun.currency}); another finance user approves it`);
      return;
    }
    case 'preview': {
      const { payoutRun } = await graphql<{ payoutRun: { preview: Array<{ ambassadorId: string; pay: boolean; amountMinor: number; nettedMinor: number; reason: string | null; detail: string | null }> } }>(
        `query ($id: ID!) { payoutRun(id: $id) { preview { ambassadorId pay amountMinor nettedMinor reason detail } } }`,
        { id: command.runId },
      );
      const paid = payoutRun.preview.filter((l) => l.pay);
      for (const l of paid) print(`  PAY  ${l.ambassadorId} ${l.amountMinor}${l.nettedMinor ? ` (clawback netted ${l.nettedMinor})` : ''}`);
      for (const l of payoutRun.preview.filter((p) => !p.pay)) print(`  SKIP ${l.ambassadorId} ${l.reason}: ${l.detail}`);
      print(`${paid.length} paid, ${paid.reduce((s, l) => s + l.amountMinor, 0)} in total; ${payoutRun.preview.length - paid.length} skipped`);
      return;
    }
    case 'approve': {
      const { approvePayoutRun } = await graphql<{ approvePayoutRun: { status: string; approvedBy: string } }>(
        `mutation ($id: ID!) { approvePayoutRun(payoutRunId: $id) { status approvedBy } }`,
        { id: command.runId },
      );
      print(`payout run ${command.runId} ${approvePayoutRun.status} by ${approvePayoutRun.approvedBy}`);
      return;
    }
    case 'execute':
    case 'retry': {
      const mutation = command.command === 'execute' ? 'executePayoutRun' : 'retryFailedPayouts';
      await graphql(`mutation ($id: ID!) { ${mutation}(payoutRunId: $id) { id } }`, { id: command.runId });
      const done = await follow(command.runId);
      print(`${done.status}: ${done.progress.paid} paid (${done.progress.paidMinor} ${done.currency}), ${done.progress.failed} failed, ${done.progress.skipped} skipped`);
      await failures(command.runId);
      return;
    }
    case 'status': {
      const { payoutRun } = await graphql<{ payoutRun: Run }>(`query ($id: ID!) { payoutRun(id: $id) { ${RUN_FIELDS} } }`, { id: command.runId });
      print(`${payoutRun.status}  ${progressLine(payoutRun.progress)}`);
      await failures(command.runId);
    }
  }
}

async function main(): Promise<void> {
  try {
    await run(parsePayoutRunArgs(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof CliUsageError) process.stderr.write(`${PAYOUT_RUN_USAGE}\n`);
    process.exitCode = 1;
  }
}

void main();
