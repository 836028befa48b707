// The double-entry rules of the commission ledger: pure, no Nest, no I/O.
//
// Signs: an entry's amount is positive for a debit and negative for a credit, so a
// transaction balances when its entries sum to zero in each currency. The ambassador's
// accounts are liabilities (credit-normal): what the ambassador sees is the negated sum.
//
// Where money sits, per ambassador and currency:
//   AMBASSADOR_PENDING    earned, still in its hold
//   AMBASSADOR_AVAILABLE  released, payable
//   AMBASSADOR_PAID_OUT   paid to the ambassador's Stripe account, net of transfer reversals
//   CLAWBACK_RECEIVABLE   reversed after it was paid: owed back, netted off by the next payout
// and for the platform, per currency:
//   COMMISSION_EXPENSE    what commissions cost (earned minus reversed)
//   STRIPE_CLEARING       payouts reserved and sent to Stripe but not yet confirmed
//
// Invariant: for every ambassador and currency,
//   pending + available + clearing(theirs) + paid out - receivable = earned - reversed.

export const ambassadorAccountKinds = ['AMBASSADOR_PENDING', 'AMBASSADOR_AVAILABLE', 'AMBASSADOR_PAID_OUT', 'CLAWBACK_RECEIVABLE'] as const;
export const platformAccountKinds = ['COMMISSION_EXPENSE', 'STRIPE_CLEARING'] as const;
export type AmbassadorAccountKind = (typeof ambassadorAccountKinds)[number];
export type PlatformAccountKind = (typeof platformAccountKinds)[number];
export type AccountKind = AmbassadorAccountKind | PlatformAccountKind;

export const postingKinds = [
  'COMMISSION_EARNED',
  'COMMISSION_RELEASED',
  'COMMISSION_REVERSED',
  'PAYOUT_RESERVED',
  'PAYOUT_SETTLED',
  'PAYOUT_CANCELLED',
  'TRANSFER_REVERSED',
] as const;
export type PostingKind = (typeof postingKinds)[number];

export interface AccountRef {
  kind: AccountKind;
  /** Null for the platform's own accounts. */
  ambassadorId: string | null;
  currency: string;
}

export interface Entry {
  account: AccountRef;
  /** Debit positive, credit negative; never zero. */
  amountMinor: bigint;
}

/** One ledger transaction, before it is written. */
export interface Posting {
  /** The business key: the same fact posted twice is one transaction (`earn:<commissionId>`). */
  reference: string;
  kind: PostingKind;
  ambassadorId: string;
  currency: string;
  entries: Entry[];
}

export class LedgerRuleError extends Error {}

export function accountKey(account: AccountRef): string {
  return `${account.kind}|${account.ambassadorId ?? '-'}|${account.currency}`;
}

export function ambassadorAccount(kind: AmbassadorAccountKind, ambassadorId: string, currency: string): AccountRef {
  return { kind, ambassadorId, currency };
}

export function platformAccount(kind: PlatformAccountKind, currency: string): AccountRef {
  return { kind, ambassadorId: null, currency };
}

/** Throws unless the entries are non-zero and sum to zero in each currency, and each account is of the right shape. */
export function assertBalanced(posting: Posting): void {
  if (posting.entries.length < 2) throw new LedgerRuleError(`${posting.reference}: a transaction needs at least two entries`);
  const sums = new Map<string, bigint>();
  for (const entry of posting.entries) {
    if (entry.amountMinor === 0n) throw new LedgerRuleError(`${posting.reference}: an entry of zero`);
    const platform = (platformAccountKinds as readonly string[]).includes(entry.account.kind);
    if (platform !== (entry.account.ambassadorId === null)) {
      throw new LedgerRuleError(`${posting.reference}: ${entry.account.kind} ${platform ? 'is the platform\'s' : 'belongs to an ambassador'}`);
    }
    sums.set(entry.account.currency, (sums.get(entry.account.currency) ?? 0n) + entry.amountMinor);
  }
  for (const [currency, sum] of sums) {
    if (sum !== 0n) throw new LedgerRuleError(`${posting.reference}: entries sum to ${sum} ${currency}, not zero`);
  }
}

function posting(reference: string, kind: PostingKind, ambassadorId: string, currency: string, legs: Array<[AccountRef, bigint]>): Posting {
  const built: Posting = {
    reference,
    kind,
    ambassadorId,
    currency,
    entries: legs.filter(([, amount]) => amount !== 0n).map(([account, amountMinor]) => ({ account, amountMinor })),
  };
  assertBalanced(built);
  return built;
}

function positive(what: string, amount: bigint): void {
  if (amount <= 0n) throw new LedgerRuleError(`${what} must be positive (got ${amount})`);
}

export interface CommissionRef {
  commissionId: string;
  ambassadorId: string;
  currency: string;
}

/** CommissionEarned: the platform owes it, still on hold. */
export function commissionEarned(c: CommissionRef, amountMinor: bigint): Posting {
  positive('a commission', amountMinor);
  return posting(`earn:${c.commissionId}`, 'COMMISSION_EARNED', c.ambassadorId, c.currency, [
    [platformAccount('COMMISSION_EXPENSE', c.currency), amountMinor],
    [ambassadorAccount('AMBASSADOR_PENDING', c.ambassadorId, c.currency), -amountMinor],
  ]);
}

/** The hold passed: what is left of the commission becomes payable. */
export function commissionReleased(c: CommissionRef, remainingMinor: bigint): Posting {
  positive('a released amount', remainingMinor);
  return posting(`release:${c.commissionId}`, 'COMMISSION_RELEASED', c.ambassadorId, c.currency, [
    [ambassadorAccount('AMBASSADOR_PENDING', c.ambassadorId, c.currency), remainingMinor],
    [ambassadorAccount('AMBASSADOR_AVAILABLE', c.ambassadorId, c.currency), -remainingMinor],
  ]);
}

/** Where a commission's money is when a reversal arrives. */
export type CommissionStage = 'PENDING' | 'AVAILABLE' | 'PAID';

/**
 * CommissionReversed: taken back from where the money is. Once it was paid (or is in
 * a payout being sent) it can't be taken from Stripe reliably, so the ambassador owes
 * it: a clawback receivable that the next payout nets off.
 */
export function commissionReversed(c: CommissionRef, reversalId: string, stage: CommissionStage, amountMinor: bigint): Posting {
  positive('a reversal', amountMinor);
  const from: AccountRef =
    stage === 'PENDING'
      ? ambassadorAccount('AMBASSADOR_PENDING', c.ambassadorId, c.currency)
      : stage === 'AVAILABLE'
        ? ambassadorAccount('AMBASSADOR_AVAILABLE', c.ambassadorId, c.currency)
        : ambassadorAccount('CLAWBACK_RECEIVABLE', c.ambassadorId, c.currency);
  return posting(`reverse:${reversalId}`, 'COMMISSION_REVERSED', c.ambassadorId, c.currency, [
    [from, amountMinor],
    [platformAccount('COMMISSION_EXPENSE', c.currency), -amountMinor],
  ]);
}

export interface PayoutAmounts {
  /** What leaves the ambassador's available balance. */
  availableMinor: bigint;
  /** The clawback owed that this payout settles. */
  nettedMinor: bigint;
  /** What is transferred: available minus netted. */
  transferMinor: bigint;
}

/** The sums of a payout: the whole receivable is netted off when the payable amount covers it. */
export function payoutAmounts(payableMinor: bigint, receivableMinor: bigint): PayoutAmounts {
  const nettedMinor = receivableMinor > 0n ? (receivableMinor < payableMinor ? receivableMinor : payableMinor) : 0n;
  return { availableMinor: payableMinor, nettedMinor, transferMinor: payableMinor - nettedMinor };
}

export interface PayoutRef {
  payoutId: string;
  ambassadorId: string;
  currency: string;
}

/** A payout about to be sent: its money leaves available and waits in clearing; the clawback is settled. */
export function payoutReserved(p: PayoutRef, amounts: PayoutAmounts, attempt = 1): Posting {
  positive('a payout transfer', amounts.transferMinor);
  return posting(`payout-reserve:${p.payoutId}:${attempt}`, 'PAYOUT_RESERVED', p.ambassadorId, p.currency, [
    [ambassadorAccount('AMBASSADOR_AVAILABLE', p.ambassadorId, p.currency), amounts.availableMinor],
    [ambassadorAccount('CLAWBACK_RECEIVABLE', p.ambassadorId, p.currency), -amounts.nettedMinor],
    [platformAccount('STRIPE_CLEARING', p.currency), -amounts.transferMinor],
  ]);
}

/** Stripe made the transfer: the money is the ambassador's, paid out. */
export function payoutSettled(p: PayoutRef, transferMinor: bigint): Posting {
  positive('a payout transfer', transferMinor);
  return posting(`payout-settle:${p.payoutId}`, 'PAYOUT_SETTLED', p.ambassadorId, p.currency, [
    [platformAccount('STRIPE_CLEARING', p.currency), transferMinor],
    [ambassadorAccount('AMBASSADOR_PAID_OUT', p.ambassadorId, p.currency), -transferMinor],
  ]);
}

/** Stripe refused the transfer for good: the reservation is undone, the money is payable again. */
export function payoutCancelled(p: PayoutRef, amounts: PayoutAmounts, attempt = 1): Posting {
  positive('a payout transfer', amounts.transferMinor);
  return posting(`payout-cancel:${p.payoutId}:${attempt}`, 'PAYOUT_CANCELLED', p.ambassadorId, p.currency, [
    [platformAccount('STRIPE_CLEARING', p.currency), amounts.transferMinor],
    [ambassadorAccount('CLAWBACK_RECEIVABLE', p.ambassadorId, p.currency), amounts.nettedMinor],
    [ambassadorAccount('AMBASSADOR_AVAILABLE', p.ambassadorId, p.currency), -amounts.availableMinor],
  ]);
}

/** A Stripe transfer reversal brought (part of) a payout back: it is available again. */
export function transferReversed(p: PayoutRef, stripeReversalId: string, amountMinor: bigint): Posting {
  positive('a transfer reversal', amountMinor);
  return posting(`transfer-reversal:${stripeReversalId}`, 'TRANSFER_REVERSED', p.ambassadorId, p.currency, [
    [ambassadorAccount('AMBASSADOR_PAID_OUT', p.ambassadorId, p.currency), amountMinor],
    [ambassadorAccount('AMBASSADOR_AVAILABLE', p.ambassadorId, p.currency), -amountMinor],
  ]);
}

/** Balances by account, derived from entries only (debit-positive). */
export class LedgerBalances {
  private readonly sums = new Map<string, bigint>();
  private readonly references = new Set<string>();

  /** Applies a posting once: a reference already applied changes nothing (returns false). */
  apply(p: Posting): boolean {
    assertBalanced(p);
    if (this.references.has(p.reference)) return false;
    this.references.add(p.reference);
    for (const entry of p.entries) {
      const key = accountKey(entry.account);
      this.sums.set(key, (this.sums.get(key) ?? 0n) + entry.amountMinor);
    }
    return true;
  }

  balance(account: AccountRef): bigint {
    return this.sums.get(accountKey(account)) ?? 0n;
  }

  /** Sum of every account in a currency: zero in a sound ledger. */
  total(currency: string): bigint {
    let total = 0n;
    for (const [key, sum] of this.sums) if (key.endsWith(`|${currency}`)) total += sum;
    return total;
  }

  position(ambassadorId: string, currency: string): AmbassadorPosition {
    return ambassadorPosition((kind) => this.balance(ambassadorAccount(kind, ambassadorId, currency)));
  }
}

/** What an ambassador is owed and has been paid, in their terms (positive = theirs). */
export interface AmbassadorPosition {
  pendingMinor: bigint;
  availableMinor: bigint;
  paidOutMinor: bigint;
  clawbackReceivableMinor: bigint;
  /** Available minus what they owe back: negative when a clawback exceeds what is payable. */
  netAvailableMinor: bigint;
}

/** From debit-positive account balances to the ambassador's view. */
export function ambassadorPosition(balanceOf: (kind: AmbassadorAccountKind) => bigint): AmbassadorPosition {
  const pendingMinor = -balanceOf('AMBASSADOR_PENDING');
  const availableMinor = -balanceOf('AMBASSADOR_AVAILABLE');
  const clawbackReceivableMinor = balanceOf('CLAWBACK_RECEIVABLE');
  return {
    pendingMinor,
    availableMinor,
    paidOutMinor: -balanceOf('AMBASSADOR_PAID_OUT'),
    clawbackReceivableMinor,
    netAvailableMinor: availableMinor - clawbackReceivableMinor,
  };
}

/** An ambassador-facing movement: how a posting changed their balance (available, net of clawback). */
export function ambassadorBalanceChange(p: Posting): bigint {
  let change = 0n;
  for (const entry of p.entries) {
    if (entry.account.ambassadorId !== p.ambassadorId) continue;
    if (entry.account.kind === 'AMBASSADOR_PENDING' || entry.account.kind === 'AMBASSADOR_AVAILABLE') change -= entry.amountMinor;
    if (entry.account.kind === 'CLAWBACK_RECEIVABLE') change -= entry.amountMinor;
  }
  return change;
}
