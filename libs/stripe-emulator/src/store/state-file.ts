import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Entry } from '../idempotency';
import { BalanceTransactionRecord, BalanceTransactionType } from './balance-transaction';
import type { EmulatorStore, StripeEventRecord, StripeObject } from './emulator-store';

const VERSION = 1;

type CompactBalanceTransaction = [string, BalanceTransactionType, number, number, string, number, string | null, string | null];

/** Everything the emulator knows, as JSON: what `npm start` keeps between runs. */
interface StateFile {
  version: number;
  savedAt: string;
  accounts: StripeObject[];
  accountLinks: [string, { account: string; expiresAt: number; returnUrl: string | null; refreshUrl: string | null }][];
  paymentIntents: StripeObject[];
  charges: StripeObject[];
  refunds: StripeObject[];
  transfers: StripeObject[];
  reversals: StripeObject[];
  payouts: StripeObject[];
  balanceTransactions: CompactBalanceTransaction[];
  events: StripeEventRecord[];
  platformBalance: [string, number][];
  connectedBalances: [string, [string, number][]][];
  idempotencyKeys: [string, Entry][];
}

/** Writes the state to `file` atomically (a temporary file renamed over it). */
export async function saveState(store: EmulatorStore, idempotencyKeys: [string, Entry][], file: string): Promise<void> {
  const state: StateFile = {
    version: VERSION,
    savedAt: new Date().toISOString(),
    accounts: [...store.accounts.all()],
    accountLinks: [...store.accountLinks.entries()],
    paymentIntents: [...store.paymentIntents.all()],
    charges: [...store.charges.all()],
    refunds: [...store.refunds.all()],
    transfers: [...store.transfers.all()],
    reversals: [...store.reversals.all()],
    payouts: [...store.payouts.all()],
    balanceTransactions: store.balanceTransactions.all().map((t) => [t.id, t.type, t.amount, t.fee, t.currency, t.created, t.source, t.description]),
    events: [...store.events.all()],
    platformBalance: [...store.platformBalance.entries()],
    connectedBalances: [...store.connectedBalances.entries()].map(([account, balances]) => [account, [...balances.entries()]]),
    idempotencyKeys,
  };
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state));
  await rename(temporary, file);
}

/** Loads `file` into an empty store; returns the idempotency entries, or undefined when there is no file. */
export async function loadState(store: EmulatorStore, file: string): Promise<[string, Entry][] | undefined> {
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(await readFile(file, 'utf8')) as StateFile;
  if (state.version !== VERSION) throw new Error(`${file}: state version ${state.version}, expected ${VERSION} (delete the file to start empty)`);
  let latest = 0;
  const each = <T extends { created: number }>(items: T[], insert: (item: T) => unknown) => {
    for (const item of items) {
      insert(item);
      latest = Math.max(latest, item.created);
    }
  };
  each(state.accounts, (item) => store.accounts.insert(item));
  each(state.paymentIntents, (item) => store.paymentIntents.insert(item));
  each(state.charges, (item) => store.charges.insert(item));
  each(state.refunds, (item) => store.refunds.insert(item));
  each(state.transfers, (item) => store.transfers.insert(item));
  each(state.reversals, (item) => store.reversals.insert(item));
  each(state.payouts, (item) => store.payouts.insert(item));
  each(state.events, (item) => store.events.insert(item));
  for (const [id, type, amount, fee, currency, created, source, description] of state.balanceTransactions) {
    store.balanceTransactions.insert(new BalanceTransactionRecord(id, type, amount, fee, currency, created, source, description));
    latest = Math.max(latest, created);
  }
  for (const [token, link] of state.accountLinks) store.accountLinks.set(token, link);
  for (const [currency, amount] of state.platformBalance) store.platformBalance.set(currency, amount);
  for (const [account, balances] of state.connectedBalances) store.connectedBalances.set(account, new Map(balances));
  store.clock.advanceTo(latest);
  return state.idempotencyKeys;
}
