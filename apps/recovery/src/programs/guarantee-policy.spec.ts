import { clawsBack, DEFAULT_GUARANTEE_POLICY, GuaranteePolicy, guaranteeEndsAt, policyProblems } from './guarantee-policy';

const policy: GuaranteePolicy = { guaranteeWindowDays: 30, ...DEFAULT_GUARANTEE_POLICY };

describe('guarantee policy', () => {
  it('claws the commission back when the customer changed their mind, not when the product failed, by default', () => {
    expect(clawsBack(policy, 'CHANGED_MIND')).toBe(true);
    expect(clawsBack(policy, 'PRODUCT_FAILED')).toBe(false);
  });

  it('follows the program when it changes which reasons claw back', () => {
    expect(clawsBack({ clawbackReasons: ['PRODUCT_FAILED'] }, 'PRODUCT_FAILED')).toBe(true);
    expect(clawsBack({ clawbackReasons: [] }, 'CHANGED_MIND')).toBe(false);
  });

  it('finds no problem in the default policy', () => {
    expect(policyProblems(policy)).toEqual([]);
  });

  it('names each field that is out of range or wrong', () => {
    const problems = policyProblems({ ...policy, slaHours: 0, guaranteeWindowDays: -1, allowedResolutions: [], clawbackReasons: ['CHANGED_MIND', 'CHANGED_MIND'] });
    expect(problems.map((p) => p.field).sort()).toEqual(['allowedResolutions', 'clawbackReasons', 'guaranteeWindowDays', 'slaHours']);
  });

  it('refuses a fractional number of days', () => {
    expect(policyProblems({ ...policy, reorderWindowDays: 1.5 })).toEqual([{ field: 'reorderWindowDays', problem: 'must be an integer from 0 to 3650 (got 1.5)' }]);
  });

  it('ends the guarantee window days after the sale', () => {
    expect(guaranteeEndsAt(policy, new Date('2026-01-01T10:00:00Z'))).toEqual(new Date('2026-01-31T10:00:00Z'));
  });
});
