import { countsAsReorder, followUpDueAt, isPositive, recoveryRate } from './follow-up-rules';

describe('follow-up rules', () => {
  it('counts 4 and 5 as positive, 3 and below not', () => {
    expect([1, 2, 3, 4, 5].map(isPositive)).toEqual([false, false, false, true, true]);
  });

  it('is due the policy delay after the resolution', () => {
    expect(followUpDueAt(new Date('2026-02-01T12:00:00Z'), 72)).toEqual(new Date('2026-02-04T12:00:00Z'));
  });

  it('counts an order inside the re-order window after the resolution, not one before or after it', () => {
    const resolved = new Date('2026-02-01T12:00:00Z');
    expect(countsAsReorder(resolved, new Date('2026-02-10T00:00:00Z'), 30)).toBe(true);
    expect(countsAsReorder(resolved, new Date('2026-01-31T00:00:00Z'), 30)).toBe(false);
    expect(countsAsReorder(resolved, new Date('2026-03-05T00:00:00Z'), 30)).toBe(false);
  });

  it('reports the recovery rate, zero when nothing was resolved', () => {
    expect(recoveryRate(3, 1)).toEqual({ resolvedClaims: 3, recoveredCustomers: 1, rate: 0.3333 });
    expect(recoveryRate(0, 0)).toEqual({ resolvedClaims: 0, recoveredCustomers: 0, rate: 0 });
  });
});
