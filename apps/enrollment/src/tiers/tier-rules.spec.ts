import { checkNewTier, nextTier, qualifyingTier } from './tier-rules';
import { TierErrorCode } from './tier.exception';

const bronze = { id: 'b', name: 'Bronze', rank: 1, minSalesMinor: 0, minPoints: 0, multiplierBps: 10000 };
const silver = { id: 's', name: 'Silver', rank: 2, minSalesMinor: 50000, minPoints: 500, multiplierBps: 11000 };
const gold = { id: 'g', name: 'Gold', rank: 3, minSalesMinor: 200000, minPoints: 2000, multiplierBps: 12500 };
const tiers = [silver, bronze, gold];
const now = new Date('2026-11-23T12:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86400000);

describe('qualifyingTier', () => {
  it('picks the best tier whose sales threshold is met', () => {
    expect(qualifyingTier(tiers, { salesMinor: 60000, points: 0 })).toBe(silver);
  });

  it('counts points when sales fall short', () => {
    expect(qualifyingTier(tiers, { salesMinor: 0, points: 2500 })).toBe(gold);
  });

  it('falls to the base tier with no progress', () => {
    expect(qualifyingTier(tiers, { salesMinor: 0, points: 0 })).toBe(bronze);
  });
});

describe('nextTier', () => {
  it('upgrades at once, even right after a change', () => {
    expect(nextTier(silver, gold, daysAgo(1), now)).toBe(gold);
  });

  it('holds a downgrade until 30 days after the last change', () => {
    expect(nextTier(gold, silver, daysAgo(29), now)).toBe(gold);
    expect(nextTier(gold, silver, daysAgo(30), now)).toBe(silver);
  });

  it('places an ambassador without a tier in the tier they qualify for', () => {
    expect(nextTier(undefined, bronze, null, now)).toBe(bronze);
  });
});

describe('checkNewTier', () => {
  it('refuses a negative threshold, naming it', () => {
    expect(() => checkNewTier({ ...silver, minSalesMinor: -1 })).toThrow(
      expect.objectContaining({ code: TierErrorCode.INVALID_TIER, message: 'minSalesMinor must be a whole number from 0 to 2147483647' }),
    );
  });

  it('refuses a fractional multiplier: basis points are whole', () => {
    expect(() => checkNewTier({ ...silver, multiplierBps: 10000.5 })).toThrow('multiplierBps must be a whole number from 0 to 100000');
  });
});
