import { budgetUsedBps, checkRuleSet, checkTransition, isRunningAt, ruleVersionAt, tierIsEligible } from './campaign-rules';

const rules = { percentBps: 1000, flatPerSaleMinor: 0, flatPerLeadMinor: 0, tierOverrides: [], pointsPerSale: 10, pointsPerLead: 0 };

describe('campaign rules', () => {
  it('moves draft → active ⇄ paused → ended and refuses the rest', () => {
    expect(() => checkTransition('DRAFT', 'ACTIVE')).not.toThrow();
    expect(() => checkTransition('ACTIVE', 'PAUSED')).not.toThrow();
    expect(() => checkTransition('PAUSED', 'ACTIVE')).not.toThrow();
    expect(() => checkTransition('PAUSED', 'ENDED')).not.toThrow();
    expect(() => checkTransition('ENDED', 'ACTIVE')).toThrow('ENDED campaign can\'t become ACTIVE');
    expect(() => checkTransition('DRAFT', 'PAUSED')).toThrow('allowed: ACTIVE, ENDED');
  });

  it('runs only while active and inside its dates', () => {
    const campaign = { status: 'ACTIVE' as const, startsAt: new Date('2026-01-01'), endsAt: new Date('2026-02-01') };
    expect(isRunningAt(campaign, new Date('2026-01-15'))).toBe(true);
    expect(isRunningAt(campaign, new Date('2026-02-01'))).toBe(false);
    expect(isRunningAt(campaign, new Date('2025-12-31'))).toBe(false);
    expect(isRunningAt({ ...campaign, status: 'PAUSED' }, new Date('2026-01-15'))).toBe(false);
  });

  it('names the field of a bad rate or amount', () => {
    expect(() => checkRuleSet({ ...rules, percentBps: 10_001 })).toThrow('percentBps must be whole basis points');
    expect(() => checkRuleSet({ ...rules, flatPerSaleMinor: 1.5 })).toThrow('flatPerSaleMinor');
    expect(() => checkRuleSet({ ...rules, tierOverrides: [{ tierId: 'a', percentBps: -1 }] })).toThrow('tierOverrides[0].percentBps');
    expect(() => checkRuleSet({ ...rules, tierOverrides: [{ tierId: 'a' }, { tierId: 'a' }] })).toThrow('overridden twice');
  });

  it('pays a sale by the version in force when it happened', () => {
    const versions = [
      { version: 1, effectiveFrom: new Date('2026-01-01T00:00:00Z') },
      { version: 2, effectiveFrom: new Date('2026-01-10T00:00:00Z') },
    ];
    expect(ruleVersionAt(versions, new Date('2025-12-31T00:00:00Z'))).toBeNull();
    expect(ruleVersionAt(versions, new Date('2026-01-09T23:59:59Z'))?.version).toBe(1);
    expect(ruleVersionAt(versions, new Date('2026-01-10T00:00:00Z'))?.version).toBe(2);
  });

  it('admits every tier when the list is empty, only listed tiers otherwise', () => {
    expect(tierIsEligible([], null)).toBe(true);
    expect(tierIsEligible(['gold'], 'gold')).toBe(true);
    expect(tierIsEligible(['gold'], null)).toBe(false);
  });

  it('says how close the budget cap is in basis points', () => {
    expect(budgetUsedBps(2500, 10_000)).toBe(2500);
    expect(budgetUsedBps(100, null)).toBeNull();
  });
});
