import { mayActForBrand, staffMayMove } from './ambassador-lifecycle';

describe('ambassador lifecycle', () => {
  it('lets staff pause an active ambassador and resume them', () => {
    expect(staffMayMove('ACTIVE', 'PAUSED')).toBe(true);
    expect(staffMayMove('PAUSED', 'ACTIVE')).toBe(true);
  });

  it('never activates an ambassador in onboarding or needing training by hand: training does that', () => {
    expect(staffMayMove('ONBOARDING', 'ACTIVE')).toBe(false);
    expect(staffMayMove('NEEDS_TRAINING', 'ACTIVE')).toBe(false);
  });

  it('lets staff offboard from any status but offboarded, and never brings one back', () => {
    expect(staffMayMove('ONBOARDING', 'OFFBOARDED')).toBe(true);
    expect(staffMayMove('PAUSED', 'OFFBOARDED')).toBe(true);
    expect(staffMayMove('OFFBOARDED', 'ACTIVE')).toBe(false);
  });

  it('lets only active ambassadors act for the brand', () => {
    expect(['ONBOARDING', 'ACTIVE', 'NEEDS_TRAINING', 'PAUSED', 'OFFBOARDED'].filter((s) => mayActForBrand(s as never))).toEqual(['ACTIVE']);
  });
});
