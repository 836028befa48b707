import { applyCaps, capRoom, commissionFor, holdUntil, remainingShare, reversalShare } from './commission-rules';

const rules = { percentBps: 1000, flatPerSaleMinor: 50, flatPerLeadMinor: 200, tierOverrides: [{ tierId: 'gold', percentBps: 1500 }], pointsPerSale: 10, pointsPerLead: 3 };

describe('commission rules', () => {
  it('pays the percentage of the net sale plus the flat amount, times the tier multiplier', () => {
    expect(commissionFor(rules, { kind: 'SALE', saleAmountMinor: 10_000, currency: 'USD', tierId: null, multiplierBps: 10_000 })).toEqual({ amountMinor: 1050, points: 10 });
    expect(commissionFor(rules, { kind: 'SALE', saleAmountMinor: 10_000, currency: 'USD', tierId: null, multiplierBps: 12_500 })).toEqual({ amountMinor: 1312, points: 10 }); // 1312.5, half-even
  });

  it('uses the tier\'s override and falls back to the campaign\'s for what it leaves out', () => {
    expect(commissionFor(rules, { kind: 'SALE', saleAmountMinor: 10_000, currency: 'USD', tierId: 'gold', multiplierBps: 10_000 }).amountMinor).toBe(1550);
  });

  it('pays a lead its flat amount', () => {
    expect(commissionFor(rules, { kind: 'LEAD', saleAmountMinor: 0, currency: 'USD', tierId: null, multiplierBps: 20_000 })).toEqual({ amountMinor: 400, points: 3 });
  });

  it('pays a lead the tier\'s own flat amount per lead when it has one, else the campaign\'s', () => {
    const withLeadOverride = { ...rules, tierOverrides: [{ tierId: 'gold', flatPerLeadMinor: 333 }] };
    expect(commissionFor(withLeadOverride, { kind: 'LEAD', saleAmountMinor: 0, currency: 'USD', tierId: 'gold', multiplierBps: 15_000 })).toEqual({ amountMinor: 500, points: 3 }); // 499.5, half-even
    expect(commissionFor(rules, { kind: 'LEAD', saleAmountMinor: 0, currency: 'USD', tierId: 'gold', multiplierBps: 10_000 }).amountMinor).toBe(200);
  });

  it('rounds half-even in minor units of zero-decimal currencies too', () => {
    expect(commissionFor({ ...rules, flatPerSaleMinor: 0 }, { kind: 'SALE', saleAmountMinor: 1005, currency: 'JPY', tierId: null, multiplierBps: 10_000 }).amountMinor).toBe(100);
  });

  it('cuts a commission to what the tightest cap leaves, and to zero past it', () => {
    const room = capRoom({ budgetCapMinor: 10_000, dailyCapMinor: 3_000, monthlyCapMinor: null, accruedMinor: 9_500 }, { dayMinor: 0, monthMinor: 0 });
    expect(applyCaps(1_000, room)).toEqual({ amountMinor: 500, capNote: 'cut to what the budget cap leaves (500)' });
    const reached = capRoom({ budgetCapMinor: 10_000, dailyCapMinor: null, monthlyCapMinor: null, accruedMinor: 10_000 }, { dayMinor: 0, monthMinor: 0 });
    expect(applyCaps(1_000, reached)).toEqual({ amountMinor: 0, capNote: 'budget cap reached: nothing accrues' });
    expect(applyCaps(1_000, capRoom({ budgetCapMinor: null, dailyCapMinor: 2_000, monthlyCapMinor: null, accruedMinor: 0 }, { dayMinor: 1_800, monthMinor: 0 })).amountMinor).toBe(200);
    expect(applyCaps(1_000, capRoom({ budgetCapMinor: null, dailyCapMinor: null, monthlyCapMinor: null, accruedMinor: 0 }, { dayMinor: 0, monthMinor: 0 }))).toEqual({ amountMinor: 1_000, capNote: null });
  });

  it('holds a commission for the guarantee window', () => {
    expect(holdUntil(new Date('2026-01-01T10:00:00Z'), 30).toISOString()).toBe('2026-01-31T10:00:00.000Z');
  });

  it('reverses partial refunds in proportion, never more than earned, exactly all on a full refund', () => {
    const earned = { amountMinor: 1001, saleAmountMinor: 10_000, points: 10 };
    const none = { amountMinor: 0, saleAmountMinor: 0, points: 0 };
    const first = reversalShare(earned, none, 10_000, 3_000);
    expect(first).toEqual({ amountMinor: 300, saleAmountMinor: 3_000, points: 3 });
    const second = reversalShare(earned, first, 10_000, 10_000);
    expect(second).toEqual({ amountMinor: 701, saleAmountMinor: 7_000, points: 7 });
    const total = { amountMinor: 1001, saleAmountMinor: 10_000, points: 10 };
    expect(reversalShare(earned, total, 10_000, 15_000)).toEqual(none);
    expect(remainingShare(earned, first)).toEqual(second);
  });
});
