import { seededRandom } from '@streetteam/testing';
import { isReleasable, remainingOf, reversalOf, CommissionState } from '../commissions/commission-rules';
import {
  assertBalanced,
  commissionEarned,
  commissionReleased,
  commissionReversed,
  LedgerBalances,
  LedgerRuleError,
  payoutAmounts,
  payoutCancelled,
  payoutReserved,
  payoutSettled,
  platformAccount,
  Posting,
  transferReversed,
} from './ledger';

interface Commission extends CommissionState {
  id: string;
  ambassadorId: string;
  currency: string;
  payoutId?: string;
}

interface PaidPayout {
  id: string;
  ambassadorId: string;
  currency: string;
  transferMinor: bigint;
  reversedMinor: bigint;
}

const ambassadors = ['a1', 'a2', 'a3'];
const currencies = ['USD', 'EUR'];

describe('ledger rules', () => {
  it('builds balanced transactions and refuses unbalanced ones', () => {
    const earned = commissionEarned({ commissionId: 'c1', ambassadorId: 'a1', currency: 'USD' }, 1234n);
    expect(earned.entries.map((e) => [e.account.kind, e.amountMinor])).toEqual([
      ['COMMISSION_EXPENSE', 1234n],
      ['AMBASSADOR_PENDING', -1234n],
    ]);
    const broken: Posting = { ...earned, entries: [earned.entries[0], { ...earned.entries[1], amountMinor: -1233n }] };
    expect(() => assertBalanced(broken)).toThrow(/sum to 1 USD/);
    const mixed: Posting = { ...earned, entries: [earned.entries[0], { ...earned.entries[1], account: { ...earned.entries[1].account, currency: 'EUR' } }] };
    expect(() => assertBalanced(mixed)).toThrow(LedgerRuleError);
    expect(() => commissionEarned({ commissionId: 'c0', ambassadorId: 'a1', currency: 'USD' }, 0n)).toThrow(/positive/);
  });

  it('nets a clawback off the next payout and carries what it cannot cover', () => {
    expect(payoutAmounts(5000n, 1200n)).toEqual({ availableMinor: 5000n, nettedMinor: 1200n, transferMinor: 3800n });
    expect(payoutAmounts(1000n, 1200n)).toEqual({ availableMinor: 1000n, nettedMinor: 1000n, transferMinor: 0n });
    expect(() => payoutReserved({ payoutId: 'p', ambassadorId: 'a1', currency: 'USD' }, payoutAmounts(1000n, 1200n))).toThrow(/positive/);
  });

  it('keeps every invariant after every operation of random earn, reverse, release, pay and transfer-reversal sequences', () => {
    // Plain comparisons: jest's expect is too slow for tens of thousands of checks.
    const same = <T>(actual: T, expected: T, what: string) => {
      if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
    };
    let checks = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
      const ledger = new LedgerBalances();
      const commissions: Commission[] = [];
      const payouts: PaidPayout[] = [];
      const netEarned = new Map<string, bigint>();
      const bump = (a: string, cur: string, by: bigint) => netEarned.set(`${a}|${cur}`, (netEarned.get(`${a}|${cur}`) ?? 0n) + by);
      const now = new Date('2026-06-01T00:00:00Z');
      let n = 0;
      const post = (p: Posting) => {
        same(ledger.apply(p), true, `seed ${seed}: ${p.reference} applies`);
        // Applying the same fact again changes nothing.
        same(ledger.apply(p), false, `seed ${seed}: ${p.reference} applies once`);
      };

      for (let step = 0; step < 150; step++) {
        const op = random();
        n++;
        if (op < 0.3 || commissions.length === 0) {
          const c: Commission = {
            id: `c${n}`,
            ambassadorId: pick(ambassadors),
            currency: pick(currencies),
            amountMinor: BigInt(1 + Math.floor(random() * 10_000)),
            reversedMinor: 0n,
            stage: 'PENDING',
            held: random() < 0.1,
            holdUntil: new Date(now.getTime() + (random() < 0.5 ? -1 : 1) * 86_400_000),
          };
          commissions.push(c);
          post(commissionEarned({ commissionId: c.id, ambassadorId: c.ambassadorId, currency: c.currency }, c.amountMinor));
          bump(c.ambassadorId, c.currency, c.amountMinor);
        } else if (op < 0.5) {
          const c = pick(commissions);
          if (remainingOf(c) === 0n) continue;
          const requested = BigInt(1 + Math.floor(random() * Number(c.amountMinor)));
          const reversal = reversalOf(c, requested);
          if (reversal.amountMinor === 0n) continue;
          post(commissionReversed({ commissionId: c.id, ambassadorId: c.ambassadorId, currency: c.currency }, `r${n}`, reversal.stage, reversal.amountMinor));
          c.reversedMinor += reversal.amountMinor;
          bump(c.ambassadorId, c.currency, -reversal.amountMinor);
          same(reversal.amountMinor + reversal.refusedMinor, requested, 'reversal accounted');
        } else if (op < 0.7) {
          for (const c of commissions) {
            if (random() < 0.2) c.held = !c.held;
            if (!isReleasable(c, now)) continue;
            c.stage = 'AVAILABLE';
            if (remainingOf(c) > 0n) post(commissionReleased({ commissionId: c.id, ambassadorId: c.ambassadorId, currency: c.currency }, remainingOf(c)));
          }
        } else if (op < 0.9) {
          const ambassadorId = pick(ambassadors);
          const currency = pick(currencies);
          const position = ledger.position(ambassadorId, currency);
          const settles = commissions.filter((c) => c.ambassadorId === ambassadorId && c.currency === currency && c.stage === 'AVAILABLE' && !c.held);
          const heldAvailable = commissions
            .filter((c) => c.ambassadorId === ambassadorId && c.currency === currency && c.stage === 'AVAILABLE' && c.held)
            .reduce((sum, c) => sum + remainingOf(c), 0n);
          const payable = position.availableMinor - heldAvailable;
          const amounts = payoutAmounts(payable > 0n ? payable : 0n, position.clawbackReceivableMinor);
          if (amounts.transferMinor <= 0n) continue;
          const ref = { payoutId: `p${n}`, ambassadorId, currency };
          post(payoutReserved(ref, amounts));
          if (random() < 0.15) {
            // Stripe refused it for good: everything goes back where it was.
            post(payoutCancelled(ref, amounts));
            continue;
          }
          post(payoutSettled(ref, amounts.transferMinor));
          for (const c of settles) {
            c.stage = 'PAID';
            c.payoutId = ref.payoutId;
          }
          payouts.push({ id: ref.payoutId, ambassadorId, currency, transferMinor: amounts.transferMinor, reversedMinor: 0n });
        } else if (payouts.length > 0) {
          const p = pick(payouts);
          const left = p.transferMinor - p.reversedMinor;
          if (left === 0n) continue;
          const amount = BigInt(1 + Math.floor(random() * Number(left)));
          post(transferReversed({ payoutId: p.id, ambassadorId: p.ambassadorId, currency: p.currency }, `trr${n}`, amount));
          p.reversedMinor += amount;
        }

        // Invariants, after every operation.

        for (const currency of currencies) {
          same(ledger.total(currency), 0n, `seed ${seed} step ${step}: ${currency} ledger total`);
          same(ledger.balance(platformAccount('STRIPE_CLEARING', currency)), 0n, `seed ${seed} step ${step}: clearing`);
          const expense = ledger.balance(platformAccount('COMMISSION_EXPENSE', currency));
          let net = 0n;
          for (const a of ambassadors) net += netEarned.get(`${a}|${currency}`) ?? 0n;
          same(expense, net, `seed ${seed} step ${step}: expense`);
          for (const a of ambassadors) {
            const position = ledger.position(a, currency);
            const mine = commissions.filter((c) => c.ambassadorId === a && c.currency === currency);
            same(position.pendingMinor, mine.filter((c) => c.stage === 'PENDING').reduce((s, c) => s + remainingOf(c), 0n), `seed ${seed} step ${step}: ${a} pending`);
            const paid = payouts.filter((p) => p.ambassadorId === a && p.currency === currency).reduce((s, p) => s + p.transferMinor - p.reversedMinor, 0n);
            same(position.paidOutMinor, paid, `seed ${seed} step ${step}: ${a} paid out`);
            same(position.clawbackReceivableMinor >= 0n, true, `seed ${seed} step ${step}: ${a} receivable`);
            same(position.pendingMinor + position.availableMinor + position.paidOutMinor - position.clawbackReceivableMinor, netEarned.get(`${a}|${currency}`) ?? 0n, `seed ${seed} step ${step}: ${a} nothing dropped`);
            checks++;
          }
        }
      }
    }
    expect(checks).toBeGreaterThan(100_000);
  });
});
